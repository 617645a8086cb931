import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqliteChangeFeed } from './changes/sqlite-change-feed.js';
import { createDatabaseFile, privatiseSideFiles } from './data-dir.js';
import type { Database } from './database.js';
import { KyselyStore } from './kysely-store.js';
import { withStatementCache } from './statement-cache.js';
import type { Store } from './store.js';

/**
 * Opens (creating if needed) a SQLite store. Call `migrate()` before use. A new database (and so
 * its -wal and -shm files) is readable by the server's user only; see data-dir.ts.
 */
export async function openSqliteStore({ file }: { file: string }): Promise<Store> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await createDatabaseFile(file);
  const database = new SqliteDatabase(file);
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    database.pragma('busy_timeout = 5000');
    // WAL lets readers run while one writer commits (several server processes on one file).
    database.pragma('journal_mode = WAL');
    // Off by default in SQLite; the schema's foreign keys rely on it.
    database.pragma('foreign_keys = ON');
    await privatiseSideFiles(file);
  } catch (error) {
    database.close();
    throw error;
  }
  return new KyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), 'sqlite', {
    changes: (db) => new SqliteChangeFeed(db),
  });
}
