import { join } from 'node:path';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/**
 * PostgreSQL when `databaseUrl` is a postgres:// or postgresql:// URL, otherwise SQLite at
 * `${dataDir}/toolrouter.db`. The caller runs `store.migrate()`.
 */
export async function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const url = opts.databaseUrl?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgresStore({ url });
  return openSqliteStore({ file: join(opts.dataDir, 'toolrouter.db') });
}
