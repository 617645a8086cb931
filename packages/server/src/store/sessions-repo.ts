import type { SessionConfig } from '@toolrouter/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from './database.js';
import { now, toNumber } from './db-util.js';
import type { SessionConfigVersion, SessionRepo, SessionRow, SessionUpdateResult } from './store.js';

export class KyselySessionRepo implements SessionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: { id: string; project_id: string; user_id: string; config: SessionConfig }): Promise<SessionRow> {
    const config = JSON.stringify(session.config);
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('sessions')
        .values({ id: session.id, project_id: session.project_id, user_id: session.user_id, config, config_version: 1, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('session_configs').values({ session_id: session.id, version: 1, config, created_at: at }).execute();
      return toSession(row);
    });
  }

  async get(projectId: string, id: string): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('project_id', '=', projectId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async update(projectId: string, id: string, expectedVersion: number, config: SessionConfig): Promise<SessionUpdateResult> {
    const json = JSON.stringify(config);
    const at = now();
    return this.db.transaction().execute(async (trx): Promise<SessionUpdateResult> => {
      // Compare-and-set in one statement: of two writers holding the same version, the database
      // lets exactly one match; the other sees the new version and reports a conflict.
      const row = await trx
        .updateTable('sessions')
        .set({ config: json, config_version: expectedVersion + 1, updated_at: at })
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .where('deleted_at', 'is', null)
        .where('config_version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (row) {
        await trx
          .insertInto('session_configs')
          .values({ session_id: id, version: expectedVersion + 1, config: json, created_at: at })
          .execute();
        return { ok: true, session: toSession(row) };
      }
      const current = await trx
        .selectFrom('sessions')
        .select('config_version')
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return current ? { ok: false, reason: 'version_conflict', current_version: toNumber(current.config_version) } : { ok: false, reason: 'not_found' };
    });
  }

  async updateWith(
    projectId: string,
    id: string,
    next: (current: SessionRow) => SessionConfig | undefined,
  ): Promise<{ session: SessionRow; changed: boolean } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      // A write that changes nothing, issued first, is the lock on both dialects: PostgreSQL holds
      // the row lock until commit (later writers wait, then read our result), and SQLite takes its
      // database write lock now rather than failing a stale read later. It returns the current row.
      const locked = await trx
        .updateTable('sessions')
        .set((eb) => ({ config_version: eb.ref('config_version') }))
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!locked) return undefined;
      const current = toSession(locked);
      const config = next(current);
      if (config === undefined) return { session: current, changed: false };
      const json = JSON.stringify(config);
      const at = now();
      const version = current.config_version + 1;
      const row = await trx
        .updateTable('sessions')
        .set({ config: json, config_version: version, updated_at: at })
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('session_configs').values({ session_id: id, version, config: json, created_at: at }).execute();
      return { session: toSession(row), changed: true };
    });
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const at = now();
    const result = await this.db
      .updateTable('sessions')
      .set({ deleted_at: at, updated_at: at })
      .where('id', '=', id)
      .where('project_id', '=', projectId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) > 0;
  }

  async list(projectId: string, filter: { userId?: string; offset: number; limit: number }): Promise<{ items: SessionRow[]; total: number }> {
    let visible = this.db.selectFrom('sessions').where('project_id', '=', projectId).where('deleted_at', 'is', null);
    if (filter.userId !== undefined) visible = visible.where('user_id', '=', filter.userId);
    const [rows, counted] = await Promise.all([
      visible
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.max(0, Math.floor(filter.limit)))
        .offset(Math.max(0, Math.floor(filter.offset)))
        .execute(),
      visible.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toSession), total: toNumber(counted.n) };
  }

  async history(projectId: string, id: string, page: { offset: number; limit: number }): Promise<{ items: SessionConfigVersion[]; total: number }> {
    // Joining the live session row applies the same visibility rules as get().
    const visible = this.db
      .selectFrom('session_configs')
      .innerJoin('sessions', 'sessions.id', 'session_configs.session_id')
      .where('sessions.id', '=', id)
      .where('sessions.project_id', '=', projectId)
      .where('sessions.deleted_at', 'is', null);
    const [rows, counted] = await Promise.all([
      visible
        .select(['session_configs.version', 'session_configs.config', 'session_configs.created_at'])
        .orderBy('session_configs.version', 'desc')
        .limit(Math.max(0, Math.floor(page.limit)))
        .offset(Math.max(0, Math.floor(page.offset)))
        .execute(),
      visible.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ version: toNumber(r.version), config: JSON.parse(r.config) as SessionConfig, created_at: r.created_at })),
      total: toNumber(counted.n),
    };
  }
}

function toSession(row: Selectable<SessionsTable>): SessionRow {
  return {
    id: row.id,
    project_id: row.project_id,
    user_id: row.user_id,
    config: JSON.parse(row.config) as SessionConfig,
    config_version: toNumber(row.config_version),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
