import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqliteChangeFeed } from './changes/sqlite-change-feed.js';
import type { Database } from './database.js';
import { KyselyStore } from './kysely-store.js';
import type { Store } from './store.js';

/** Opens (creating if needed) a SQLite store. Call `migrate()` before use. */
export async function openSqliteStore({ file }: { file: string }): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    database.pragma('busy_timeout = 5000');
    // WAL lets readers run while one writer commits (several server processes on one file).
    database.pragma('journal_mode = WAL');
    // Off by default in SQLite; the schema's foreign keys rely on it.
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new KyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), 'sqlite', {
    changes: (db) => new SqliteChangeFeed(db),
  });
}
