import { randomBytes } from 'node:crypto';
import type { ConnectionStatus } from '@toolrouter/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AccountFilter, AccountRepo, AccountRow, ConnectionEventRow, EventInput, NewCredentials } from './connection-types.js';
import type { ConnectedAccountsTable, Database } from './database.js';
import { now, toNumber } from './db-util.js';

export class KyselyAccountRepo implements AccountRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(row: Omit<AccountRow, 'created_at' | 'updated_at' | 'refresh_version' | 'lease_owner' | 'lease_until'>, event: EventInput): Promise<AccountRow> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('connected_accounts')
        .values({
          ...row,
          is_disabled: row.is_disabled ? 1 : 0,
          public_state: JSON.stringify(row.public_state),
          refresh_version: 0,
          lease_owner: null,
          lease_until: null,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const account = toRow(inserted);
      await recordEvent(trx, account, event, at);
      return account;
    });
  }

  async get(projectId: string, id: string): Promise<AccountRow | undefined> {
    const row = await this.db.selectFrom('connected_accounts').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
    return row && toRow(row);
  }

  async list(projectId: string, f: AccountFilter): Promise<{ items: AccountRow[]; total: number }> {
    let q = this.db.selectFrom('connected_accounts').where('project_id', '=', projectId);
    if (f.userIds?.length) q = q.where('user_id', 'in', f.userIds);
    if (f.toolkits?.length) q = q.where('toolkit_slug', 'in', f.toolkits);
    if (f.authConfigIds?.length) q = q.where('auth_config_id', 'in', f.authConfigIds);
    if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
    if (f.ids?.length) q = q.where('id', 'in', f.ids);
    const [rows, counted] = await Promise.all([
      q
        .selectAll()
        .orderBy(f.orderBy ?? 'created_at', f.direction ?? 'desc')
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRow), total: toNumber(counted.n) };
  }

  async forUser(projectId: string, userId: string, toolkit?: string): Promise<AccountRow[]> {
    let q = this.db.selectFrom('connected_accounts').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId);
    if (toolkit) q = q.where('toolkit_slug', '=', toolkit);
    const rows = await q.orderBy('connected_at', 'desc').orderBy('created_at', 'desc').orderBy('id').execute();
    // NULL ordering differs between the dialects: never-connected accounts go last on both.
    return rows.map(toRow).sort((a, b) => Number(a.connected_at === null) - Number(b.connected_at === null));
  }

  async update(
    projectId: string,
    id: string,
    change: Partial<Pick<AccountRow, 'status' | 'status_reason' | 'alias' | 'is_disabled' | 'public_state'>>,
    event?: EventInput,
  ): Promise<AccountRow | undefined> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('connected_accounts')
        .set({
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.status_reason !== undefined ? { status_reason: change.status_reason } : {}),
          ...(change.alias !== undefined ? { alias: change.alias } : {}),
          ...(change.is_disabled !== undefined ? { is_disabled: change.is_disabled ? 1 : 0 } : {}),
          ...(change.public_state !== undefined ? { public_state: JSON.stringify(change.public_state) } : {}),
          updated_at: at,
        })
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const account = toRow(row);
      if (event) await recordEvent(trx, account, event, at);
      return account;
    });
  }

  async activate(projectId: string, id: string, creds: NewCredentials, event: EventInput): Promise<AccountRow | undefined> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('connected_accounts')
        .set((eb) => ({
          status: 'ACTIVE',
          status_reason: null,
          sealed_credentials: creds.sealed_credentials,
          public_state: JSON.stringify(creds.public_state),
          expires_at: creds.expires_at,
          refresh_version: eb('refresh_version', '+', 1),
          lease_owner: null,
          lease_until: null,
          connected_at: at,
          updated_at: at,
        }))
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const account = toRow(row);
      await recordEvent(trx, account, event, at);
      return account;
    });
  }

  async acquireLease(id: string, version: number, owner: string, until: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('connected_accounts')
      .set({ lease_owner: owner, lease_until: until })
      .where('id', '=', id)
      .where('refresh_version', '=', version)
      .where('status', '=', 'ACTIVE')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async completeRefresh(id: string, owner: string, creds: NewCredentials, event: EventInput): Promise<AccountRow | undefined> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      // The new access token and the rotated refresh token land in one row update: a crash can
      // leave the old pair or the new pair, never half of each.
      const row = await trx
        .updateTable('connected_accounts')
        .set((eb) => ({
          sealed_credentials: creds.sealed_credentials,
          public_state: JSON.stringify(creds.public_state),
          expires_at: creds.expires_at,
          refresh_version: eb('refresh_version', '+', 1),
          lease_owner: null,
          lease_until: null,
          status_reason: null,
          updated_at: at,
        }))
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const account = toRow(row);
      await recordEvent(trx, account, event, at);
      return account;
    });
  }

  async releaseLease(
    id: string,
    owner: string,
    change?: { status: ConnectionStatus; status_reason: string },
    events?: EventInput | EventInput[],
  ): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('connected_accounts')
        .set({ lease_owner: null, lease_until: null, ...(change ? { status: change.status, status_reason: change.status_reason, updated_at: at } : {}) })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .returningAll()
        .executeTakeFirst();
      if (!row || !events) return;
      const account = toRow(row);
      for (const event of Array.isArray(events) ? events : [events]) await recordEvent(trx, account, event, at);
    });
  }

  async delete(projectId: string, id: string): Promise<AccountRow | undefined> {
    const at = now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('connected_accounts').where('id', '=', id).where('project_id', '=', projectId).returningAll().executeTakeFirst();
      if (!row) return undefined;
      const account = toRow(row);
      await recordEvent(trx, account, { type: 'deleted' }, at);
      return account;
    });
  }

  async expiringBefore(before: string, limit: number): Promise<AccountRow[]> {
    const rows = await this.db
      .selectFrom('connected_accounts')
      .selectAll()
      .where('status', '=', 'ACTIVE')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<', before)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  async events(projectId: string, accountId: string): Promise<ConnectionEventRow[]> {
    const rows = await this.db
      .selectFrom('connection_events')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, type: r.type as ConnectionEventRow['type'] }));
  }
}

let sequence = 0;
async function recordEvent(trx: Transaction<Database>, account: AccountRow, event: EventInput, at: string): Promise<void> {
  // Time-ordered ids keep events of one millisecond in insertion order.
  const id = `cev_${Date.now().toString(36).padStart(9, '0')}${(sequence++ % 1296).toString(36).padStart(2, '0')}${randomBytes(6).toString('hex')}`;
  await trx
    .insertInto('connection_events')
    .values({
      id,
      project_id: account.project_id,
      account_id: account.id,
      user_id: account.user_id,
      toolkit_slug: account.toolkit_slug,
      type: event.type,
      detail: event.detail ?? null,
      created_at: at,
    })
    .execute();
}

function toRow(row: Selectable<ConnectedAccountsTable>): AccountRow {
  return {
    id: row.id,
    project_id: row.project_id,
    user_id: row.user_id,
    toolkit_slug: row.toolkit_slug,
    auth_config_id: row.auth_config_id,
    status: row.status as ConnectionStatus,
    status_reason: row.status_reason,
    alias: row.alias,
    is_disabled: toNumber(row.is_disabled) === 1,
    sealed_credentials: row.sealed_credentials,
    public_state: JSON.parse(row.public_state) as Record<string, unknown>,
    expires_at: row.expires_at,
    refresh_version: toNumber(row.refresh_version),
    lease_owner: row.lease_owner,
    lease_until: row.lease_until,
    connected_at: row.connected_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
