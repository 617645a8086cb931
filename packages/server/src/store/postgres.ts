import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PostgresChangeFeed } from './changes/postgres-change-feed.js';
import type { Database } from './database.js';
import { KyselyStore } from './kysely-store.js';
import type { Store } from './store.js';

/** Lower-case identifiers only: they need no quoting in search_path and match Kysely's quoted DDL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a PostgreSQL store. With `schema`, every connection of the pool works in that schema
 * (created if missing), which keeps tests and co-hosted installations apart. Call `migrate()` before use.
 */
export async function openPostgresStore({ url, schema }: { url: string; schema?: string }): Promise<Store> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}" (use lower-case letters, digits and "_")`);
  }
  // `options` is sent in the startup packet, so the search_path holds on every pooled connection.
  const connection = { connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool(connection);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let current: string;
  try {
    if (schema) await createSchema(db, schema);
    // Also fails at open, rather than on the first request, when the database cannot be reached.
    current = schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public';
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, 'postgres', {
    ...(schema ? { schema } : {}),
    changes: (kysely) => new PostgresChangeFeed(kysely, { connection, schema: current }),
  });
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two processes creating it at once: `if not exists` can still fail with a unique violation.
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_namespace where nspname = ${schema}`.execute(db);
    if (Number(rows[0]?.n) === 0) throw error;
  }
}
