import { type Kysely, Migrator, sql } from 'kysely';
import type { Database } from './database.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Brings the database up to the latest migration. Safe to call repeatedly and from several
 * processes at once:
 * - PostgreSQL: Kysely's migrator takes an advisory lock and runs the migrations in a transaction.
 * - SQLite: Kysely 0.28's SQLite adapter takes no lock and uses no transaction (it assumes one
 *   connection), so two processes could both apply 001. We hold `BEGIN IMMEDIATE` (the database
 *   write lock, waited for via busy_timeout) around the whole run instead, which also makes a
 *   failed migration roll back completely.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', schema?: string): Promise<void> {
  if (dialect === 'postgres') {
    // Name the schema explicitly: without it the migrator's "table exists?" check matches
    // kysely_migration tables in *any* schema of the database and skips creating ours.
    const target = schema ?? (await currentSchema(db));
    await run(db, target);
    return;
  }
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await run(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

async function run(db: Kysely<Database>, schema?: string): Promise<void> {
  // Unordered: migrations 003-005 are developed in parallel, so a database may have a later one applied first.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ? `"${failed}" ` : ''}failed: ${String((error as Error)?.message ?? error)}`, {
      cause: error,
    });
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL search_path names no existing schema');
  return schema;
}
