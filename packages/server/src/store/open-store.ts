import { join } from 'node:path';
import { type WidePermission, widePermissionsOfDatabase } from './data-dir.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/**
 * PostgreSQL when `databaseUrl` is a postgres:// or postgresql:// URL, otherwise SQLite at
 * `${dataDir}/toolrouter.db`. The caller runs `store.migrate()`.
 */
export async function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const url = postgresUrl(opts.databaseUrl);
  if (url) return openPostgresStore({ url });
  return openSqliteStore({ file: sqliteFile(opts.dataDir) });
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'toolrouter.db');
}

/** Database files in the data directory that others than the server's user may read (PostgreSQL: none). */
export function widePermissionsOfStore(opts: { databaseUrl?: string; dataDir: string }): Promise<WidePermission[]> {
  if (postgresUrl(opts.databaseUrl)) return Promise.resolve([]);
  return widePermissionsOfDatabase(sqliteFile(opts.dataDir));
}

export function postgresUrl(databaseUrl: string | undefined): string | undefined {
  const url = databaseUrl?.trim();
  return url && /^postgres(ql)?:\/\//i.test(url) ? url : undefined;
}
