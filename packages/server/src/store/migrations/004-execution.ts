import type { Kysely } from 'kysely';

// Execution: logs, offloaded results, approval requests, upstream MCP servers and per-project
// execution settings. Frozen once released; see 001 for conventions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('execution_logs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('session_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('tool_slug', 'text', (c) => c.notNull())
    .addColumn('toolkit', 'text')
    .addColumn('connected_account_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('arguments', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    /** The multi-execute (or proxy) call an item belongs to. */
    .addColumn('parent_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('execution_logs_recent_idx').on('execution_logs').columns(['project_id', 'created_at']).execute();
  await db.schema.createIndex('execution_logs_session_idx').on('execution_logs').columns(['project_id', 'session_id', 'created_at']).execute();

  await db.schema
    .createTable('execution_results')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('log_id', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('tool_slug', 'text', (c) => c.notNull())
    /** `__none__` for calls that run without an account, so the binding is one plain equality. */
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('args_hash', 'text', (c) => c.notNull())
    .addColumn('arguments', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('approval_requests_binding_idx')
    .on('approval_requests')
    .columns(['project_id', 'session_id', 'tool_slug', 'account_key', 'status'])
    .execute();

  await db.schema
    .createTable('mcp_servers')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    /** Command/args or URL, plus the names (not values) of env vars and headers. */
    .addColumn('public_config', 'text', (c) => c.notNull())
    /** env or headers values, sealed. */
    .addColumn('sealed_secrets', 'text')
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    /** Bumped on every re-registration, so each router process notices and restarts its upstream. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mcp_servers_pk', ['project_id', 'slug'])
    .execute();

  await db.schema
    .createTable('project_execution_settings')
    .addColumn('project_id', 'text', (c) => c.primaryKey().notNull().references('projects.id').onDelete('cascade'))
    /** JSON array of hosts / IPs / CIDRs added to the operator's egress allowlist for this project. */
    .addColumn('egress_allow', 'text', (c) => c.notNull())
    /** The project's webhook signing secret, sealed. */
    .addColumn('webhook_secret', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['project_execution_settings', 'mcp_servers', 'approval_requests', 'execution_results', 'execution_logs']) {
    await db.schema.dropTable(table).execute();
  }
}
