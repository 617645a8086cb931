import type { Kysely } from 'kysely';

// Search observability and learning-from-use. Frozen once released; see 001 for conventions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_log')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('session_id', 'text')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('slugs', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_log_session_idx').on('search_log').columns(['project_id', 'session_id', 'created_at']).execute();

  // One row per (project, tool, query): how often that query led to executing that tool.
  await db.schema
    .createTable('search_usage')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('tool_slug', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_usage_pk', ['project_id', 'tool_slug', 'query'])
    .execute();
  await db.schema.createIndex('search_usage_recent_idx').on('search_usage').columns(['project_id', 'last_used_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_usage').execute();
  await db.schema.dropTable('search_log').execute();
}
