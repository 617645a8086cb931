import type { Kysely, Selectable } from 'kysely';
import type { ApprovalRequestsTable, Database, ExecutionLogsTable, McpServersTable } from './database.js';
import { chunk, now, toNumber } from './db-util.js';
import type {
  ApprovalBinding,
  ApprovalRepo,
  ApprovalRow,
  ApprovalStatus,
  ExecutionLogEntry,
  ExecutionLogFilter,
  ExecutionLogRepo,
  ExecutionStatus,
  McpServerPublicConfig,
  McpServerRepo,
  McpServerRow,
  ProjectExecutionSettings,
  ProjectSettingsRepo,
  ResultRepo,
  StoredResult,
} from './execution-store.js';

export class KyselyExecutionLogRepo implements ExecutionLogRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** One transaction however many rows: a batch of logs is stored whole or not at all. */
  async append(entries: readonly ExecutionLogEntry[]): Promise<void> {
    const parts = chunk(entries, 100);
    if (parts.length > 1) await this.db.transaction().execute((trx) => this.#insert(trx, parts));
    else await this.#insert(this.db, parts);
  }

  async #insert(db: Kysely<Database>, parts: readonly (readonly ExecutionLogEntry[])[]): Promise<void> {
    for (const part of parts) {
      await db
        .insertInto('execution_logs')
        .values(
          part.map((e) => ({
            ...e,
            duration_ms: Math.round(e.duration_ms),
            arguments: JSON.stringify(e.arguments ?? {}),
            result: e.result === undefined ? null : JSON.stringify(e.result),
          })),
        )
        .execute();
    }
  }

  async get(projectId: string, id: string): Promise<ExecutionLogEntry | undefined> {
    const row = await this.db.selectFrom('execution_logs').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row && toLog(row);
  }

  async list(projectId: string, f: ExecutionLogFilter) {
    let query = this.db.selectFrom('execution_logs').where('project_id', '=', projectId);
    if (f.sessionId) query = query.where('session_id', '=', f.sessionId);
    if (f.userId) query = query.where('user_id', '=', f.userId);
    if (f.toolSlug) query = query.where('tool_slug', '=', f.toolSlug);
    if (f.toolkit) query = query.where('toolkit', '=', f.toolkit);
    if (f.status) query = query.where('status', '=', f.status);
    if (f.parentId) query = query.where('parent_id', '=', f.parentId);
    if (f.since) query = query.where('created_at', '>=', f.since);
    if (f.until) query = query.where('created_at', '<', f.until);
    const [rows, total] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toLog), total: toNumber(total.n as string | number) };
  }
}

function toLog(row: Selectable<ExecutionLogsTable>): ExecutionLogEntry {
  return {
    ...row,
    status: row.status as ExecutionStatus,
    duration_ms: toNumber(row.duration_ms),
    arguments: JSON.parse(row.arguments) as unknown,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
  };
}

export class KyselyResultRepo implements ResultRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async put(result: StoredResult): Promise<void> {
    await this.db.insertInto('execution_results').values(result).execute();
  }

  async get(projectId: string, id: string): Promise<StoredResult | undefined> {
    const row = await this.db.selectFrom('execution_results').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row && { ...row, size: toNumber(row.size) };
  }
}

export class KyselyApprovalRepo implements ApprovalRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(row: Omit<ApprovalRow, 'status' | 'decided_at' | 'used_at'>): Promise<ApprovalRow> {
    const inserted = await this.db
      .insertInto('approval_requests')
      .values({ ...row, arguments: JSON.stringify(row.arguments), status: 'pending', decided_at: null, used_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toApproval(inserted, row.created_at);
  }

  async get(projectId: string, id: string, at: string): Promise<ApprovalRow | undefined> {
    const row = await this.db.selectFrom('approval_requests').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row && toApproval(row, at);
  }

  async list(projectId: string, f: { sessionId?: string; status?: ApprovalStatus; offset: number; limit: number }, at: string) {
    let query = this.db.selectFrom('approval_requests').where('project_id', '=', projectId);
    if (f.sessionId) query = query.where('session_id', '=', f.sessionId);
    if (f.status === 'expired') query = query.where('status', '=', 'pending').where('expires_at', '<=', at);
    else if (f.status === 'pending') query = query.where('status', '=', 'pending').where('expires_at', '>', at);
    else if (f.status) query = query.where('status', '=', f.status);
    const [rows, total] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toApproval(r, at)), total: toNumber(total.n as string | number) };
  }

  async decide(projectId: string, id: string, decision: 'approved' | 'denied', at: string) {
    // Compare-and-set: only a pending, unexpired request changes, so a decision is never replayed.
    const updated = await this.db
      .updateTable('approval_requests')
      .set({ status: decision, decided_at: at })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', at)
      .executeTakeFirst();
    const row = await this.get(projectId, id, at);
    return { ok: toNumber(updated.numUpdatedRows) === 1, row };
  }

  async consume(projectId: string, b: ApprovalBinding, at: string): Promise<ApprovalRow | undefined> {
    const candidates = await this.#matching(projectId, b, 'approved', at);
    for (const candidate of candidates) {
      const updated = await this.db
        .updateTable('approval_requests')
        .set({ status: 'used', used_at: at })
        .where('id', '=', candidate.id)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      // Another request consumed it between our read and write; try the next one.
      if (toNumber(updated.numUpdatedRows) === 1) return { ...toApproval(candidate, at), status: 'used', used_at: at };
    }
    return undefined;
  }

  async findPending(projectId: string, b: ApprovalBinding, at: string): Promise<ApprovalRow | undefined> {
    const [row] = await this.#matching(projectId, b, 'pending', at);
    return row && toApproval(row, at);
  }

  async hasOnceGrant(projectId: string, sessionId: string, toolSlug: string, accountKey: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('approval_requests')
      .select('id')
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .where('tool_slug', '=', toolSlug)
      .where('account_key', '=', accountKey)
      .where('rule', '=', 'ask_once')
      .where('status', 'in', ['approved', 'used'])
      .executeTakeFirst();
    return row !== undefined;
  }

  #matching(projectId: string, b: ApprovalBinding, status: string, at: string) {
    return this.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('session_id', '=', b.session_id)
      .where('tool_slug', '=', b.tool_slug)
      .where('account_key', '=', b.account_key)
      .where('args_hash', '=', b.args_hash)
      .where('status', '=', status)
      .where('expires_at', '>', at)
      .orderBy('created_at')
      .limit(5)
      .execute();
  }
}

function toApproval(row: Selectable<ApprovalRequestsTable>, at: string): ApprovalRow {
  const status = row.status === 'pending' && row.expires_at <= at ? 'expired' : (row.status as ApprovalStatus);
  return { ...row, status, rule: row.rule as ApprovalRow['rule'], arguments: JSON.parse(row.arguments) as unknown };
}

export class KyselyMcpServerRepo implements McpServerRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async put(row: Omit<McpServerRow, 'version' | 'created_at' | 'updated_at'>): Promise<McpServerRow> {
    const at = now();
    const values = { ...row, public_config: JSON.stringify(row.public_config) };
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('mcp_servers')
        .select(['version', 'created_at'])
        .where('project_id', '=', row.project_id)
        .where('slug', '=', row.slug)
        .executeTakeFirst();
      if (existing) {
        const updated = await trx
          .updateTable('mcp_servers')
          .set({ ...values, version: toNumber(existing.version) + 1, updated_at: at })
          .where('project_id', '=', row.project_id)
          .where('slug', '=', row.slug)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toServer(updated);
      }
      const inserted = await trx
        .insertInto('mcp_servers')
        .values({ ...values, version: 1, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toServer(inserted);
    });
  }

  async get(projectId: string, slug: string): Promise<McpServerRow | undefined> {
    const row = await this.db.selectFrom('mcp_servers').selectAll().where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst();
    return row && toServer(row);
  }

  async list(projectId: string): Promise<McpServerRow[]> {
    const rows = await this.db.selectFrom('mcp_servers').selectAll().where('project_id', '=', projectId).orderBy('slug').execute();
    return rows.map(toServer);
  }

  async delete(projectId: string, slug: string): Promise<boolean> {
    const result = await this.db.deleteFrom('mcp_servers').where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }
}

function toServer(row: Selectable<McpServersTable>): McpServerRow {
  return {
    ...row,
    transport: row.transport as McpServerRow['transport'],
    public_config: JSON.parse(row.public_config) as McpServerPublicConfig,
    timeout_ms: toNumber(row.timeout_ms),
    version: toNumber(row.version),
  };
}

export class KyselyProjectSettingsRepo implements ProjectSettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(projectId: string): Promise<ProjectExecutionSettings> {
    const row = await this.db.selectFrom('project_execution_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
    return { egress_allow: row ? (JSON.parse(row.egress_allow) as string[]) : [], webhook_secret: row?.webhook_secret ?? null };
  }

  async setEgressAllow(projectId: string, entries: readonly string[]): Promise<void> {
    const egress = JSON.stringify(entries);
    await this.db
      .insertInto('project_execution_settings')
      .values({ project_id: projectId, egress_allow: egress, webhook_secret: null, updated_at: now() })
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ egress_allow: egress, updated_at: now() }))
      .execute();
  }

  async setWebhookSecret(projectId: string, sealed: string, replace: boolean): Promise<string> {
    await this.db
      .insertInto('project_execution_settings')
      .values({ project_id: projectId, egress_allow: '[]', webhook_secret: sealed, updated_at: now() })
      .onConflict((oc) => oc.column('project_id').doNothing())
      .execute();
    // Fill in (or replace) in one conditional statement, so two first-time callers agree on one secret.
    let update = this.db.updateTable('project_execution_settings').set({ webhook_secret: sealed, updated_at: now() }).where('project_id', '=', projectId);
    if (!replace) update = update.where('webhook_secret', 'is', null);
    await update.execute();
    return (await this.get(projectId)).webhook_secret ?? sealed;
  }
}
