import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type WidePermission, widePermissionsOfDatabase } from './data-dir.js';
import type { Store } from './store.js';

/**
 * PostgreSQL when `databaseUrl` is a postgres:// or postgresql:// URL, otherwise SQLite at
 * `${dataDir}/toolrouter.db`. The caller runs `store.migrate()`.
 */
export async function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const url = postgresUrl(opts.databaseUrl);
  // Each dialect's driver is imported only when used: a SQLite server never loads pg, and the
  // primary of a cluster (which opens the store once) starts faster.
  if (url) return (await import('./postgres.js')).openPostgresStore({ url });
  return (await import('./sqlite.js')).openSqliteStore({ file: sqliteFile(opts.dataDir) });
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

/** What opening the store is about to do, when that can take a while: a first start, or PostgreSQL migrations. */
export function storeNotice(config: { databaseUrl?: string | undefined; dataDir: string }): string | undefined {
  if (postgresUrl(config.databaseUrl) !== undefined) return 'Connecting to PostgreSQL and applying any pending migrations …';
  const file = sqliteFile(config.dataDir);
  return existsSync(file) ? undefined : `First start: creating the SQLite database ${file} and its tables …`;
}
