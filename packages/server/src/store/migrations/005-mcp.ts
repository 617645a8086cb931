import type { Kysely } from 'kysely';

// The MCP endpoint: change events that reach other server instances, and session-scoped URL tokens
// for MCP clients that cannot send headers. Frozen once released; see 001 for conventions.

export async function up(db: Kysely<any>): Promise<void> {
  // Read by the SQLite change feed (PostgreSQL uses LISTEN/NOTIFY instead and leaves it empty).
  // Rows are short-lived: the feed prunes them after a few minutes. `seq` is assigned by the
  // writer as max + 1 in the inserting statement (portable; SQLite serialises writers).
  await db.schema
    .createTable('change_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mcp_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('mcp_tokens_session_idx').on('mcp_tokens').columns(['project_id', 'session_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mcp_tokens').execute();
  await db.schema.dropTable('change_events').execute();
}
