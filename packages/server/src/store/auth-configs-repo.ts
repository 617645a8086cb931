import type { Kysely, Selectable } from 'kysely';
import type { AuthConfigChange, AuthConfigRepo, AuthConfigRow } from './connection-types.js';
import type { AuthConfigsTable, Database } from './database.js';
import { now, toNumber } from './db-util.js';

export class KyselyAuthConfigRepo implements AuthConfigRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(row: Omit<AuthConfigRow, 'created_at' | 'updated_at'>): Promise<AuthConfigRow> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      if (row.is_default) {
        await trx
          .updateTable('auth_configs')
          .set({ is_default: 0 })
          .where('project_id', '=', row.project_id)
          .where('toolkit_slug', '=', row.toolkit_slug)
          .execute();
      }
      const inserted = await trx
        .insertInto('auth_configs')
        .values({
          ...row,
          is_managed: row.is_managed ? 1 : 0,
          is_default: row.is_default ? 1 : 0,
          settings: JSON.stringify(row.settings),
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRow(inserted);
    });
  }

  async get(projectId: string, id: string): Promise<AuthConfigRow | undefined> {
    const row = await this.db.selectFrom('auth_configs').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
    return row && toRow(row);
  }

  async list(
    projectId: string,
    filter: { toolkit?: string; managed?: boolean; showDisabled?: boolean; offset: number; limit: number },
  ): Promise<{ items: AuthConfigRow[]; total: number }> {
    let q = this.db.selectFrom('auth_configs').where('project_id', '=', projectId);
    if (filter.toolkit) q = q.where('toolkit_slug', '=', filter.toolkit);
    if (filter.managed !== undefined) q = q.where('is_managed', '=', filter.managed ? 1 : 0);
    if (!filter.showDisabled) q = q.where('status', '=', 'ENABLED');
    const [rows, counted] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRow), total: toNumber(counted.n) };
  }

  async forToolkit(projectId: string, toolkit: string): Promise<AuthConfigRow[]> {
    const rows = await this.db
      .selectFrom('auth_configs')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('toolkit_slug', '=', toolkit)
      .orderBy('is_default', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  async update(projectId: string, id: string, change: AuthConfigChange): Promise<AuthConfigRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('auth_configs').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
      if (!current) return undefined;
      if (change.is_default) {
        await trx
          .updateTable('auth_configs')
          .set({ is_default: 0 })
          .where('project_id', '=', projectId)
          .where('toolkit_slug', '=', current.toolkit_slug)
          .execute();
      }
      const row = await trx
        .updateTable('auth_configs')
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.settings !== undefined ? { settings: JSON.stringify(change.settings) } : {}),
          ...(change.sealed_secrets !== undefined ? { sealed_secrets: change.sealed_secrets } : {}),
          ...(change.is_default !== undefined ? { is_default: change.is_default ? 1 : 0 } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .returningAll()
        .executeTakeFirst();
      return row && toRow(row);
    });
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('auth_configs').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }

  async accountCounts(projectId: string, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('connected_accounts')
      .select(['auth_config_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('project_id', '=', projectId)
      .where('auth_config_id', 'in', [...ids])
      .groupBy('auth_config_id')
      .execute();
    return new Map(rows.map((r) => [r.auth_config_id, toNumber(r.n)]));
  }
}

function toRow(row: Selectable<AuthConfigsTable>): AuthConfigRow {
  return {
    id: row.id,
    project_id: row.project_id,
    toolkit_slug: row.toolkit_slug,
    name: row.name,
    auth_scheme: row.auth_scheme,
    is_managed: toNumber(row.is_managed) === 1,
    is_default: toNumber(row.is_default) === 1,
    created_by: row.created_by as AuthConfigRow['created_by'],
    status: row.status as AuthConfigRow['status'],
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    sealed_secrets: row.sealed_secrets,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
