import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectionsContract } from './connections.contract.js';
import { runExecutionStoreContract } from './execution.contract.js';
import { migrations } from './migrations/index.js';
import { openStore } from './open-store.js';
import { openPostgresStore } from './postgres.js';
import { runStoreContract } from './store.contract.js';
import type { Store } from './store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** One schema per test file (plus any a test asks for); all dropped afterwards. */
const schemas: string[] = [];
const newSchema = () => {
  const name = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};
const schema = newSchema();
let reachable = false;

// Never skip silently: an unreachable server fails every test of this file with this message.
beforeAll(async () => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
    reachable = true;
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${(error as Error).message}). Start it ` +
        '(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) or set TEST_DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
});

afterAll(async () => {
  if (!reachable) return; // the beforeAll error already says why
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
  } finally {
    await client.end();
  }
});

runStoreContract('postgres', () => openPostgresStore({ url, schema }));
runExecutionStoreContract('postgres', () => openPostgresStore({ url, schema }));
runConnectionsContract('postgres', () => openPostgresStore({ url, schema }));

describe('postgres store', () => {
  const opened: Store[] = [];
  const open = async (s: string) => {
    const store = await openPostgresStore({ url, schema: s });
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it('keeps everything, migration bookkeeping included, inside its schema', async () => {
    const [a, b] = [newSchema(), newSchema()];
    const [sa, sb] = [await open(a), await open(b)];
    await sa.migrate();
    await sb.migrate();
    await sa.projects.create({ id: 'same-id', name: 'in a' });
    await sb.projects.create({ id: 'same-id', name: 'in b' });
    expect((await sa.projects.get('same-id'))?.name).toBe('in a');
    expect((await sb.projects.get('same-id'))?.name).toBe('in b');
    // Later migrations add tables; what matters is that every one, bookkeeping included, is in the schema.
    expect(await tablesOf(a)).toEqual(
      expect.arrayContaining([
        'api_keys',
        'auth_configs',
        'connect_links',
        'connected_accounts',
        'connection_events',
        'kysely_migration',
        'kysely_migration_lock',
        'oauth_states',
        'projects',
        'search_log',
        'search_usage',
        'session_configs',
        'sessions',
        'toolkits',
        'tools',
        'vault_keys',
        'execution_logs',
        'execution_results',
        'approval_requests',
        'mcp_servers',
        'project_execution_settings',
        'change_events',
        'mcp_tokens',
      ]),
    );
    expect(await tablesOf(b)).toEqual(await tablesOf(a));
  });

  it('stores on separate pools (like separate processes) migrate a new schema at once', async () => {
    const s = newSchema();
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(s)));
    await Promise.all(stores.map((st) => st.migrate()));
    const { rows } = await query(`select name from "${s}".kysely_migration`);
    expect(rows).toEqual(Object.keys(migrations).map((name) => ({ name })));
  });

  it('of concurrent updates from separate pools exactly one wins', async () => {
    const s = newSchema();
    const stores = await Promise.all([1, 2, 3].map(() => open(s)));
    await stores[0]!.migrate();
    await stores[0]!.projects.create({ id: 'p', name: 'P' });
    await stores[0]!.sessions.create({ id: 's', project_id: 'p', user_id: 'u', config: { user_id: 'u' } });
    const results = await Promise.all(stores.map((st, i) => st.sessions.update('p', 's', 1, { user_id: `u${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'version_conflict')).toHaveLength(2);
  });

  it('openStore chooses PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    for (const databaseUrl of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const store = await openStore({ databaseUrl, dataDir: '/nonexistent' });
      expect(store.dialect).toBe('postgres');
      await store.close();
    }
  });

  it('refuses schema names that would need quoting and fails fast on a bad URL', async () => {
    await expect(openPostgresStore({ url, schema: 'Bad-Name' })).rejects.toThrow(/invalid PostgreSQL schema/);
    await expect(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow();
  });
});

async function query(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function tablesOf(s: string): Promise<string[]> {
  const { rows } = await query(`select table_name from information_schema.tables where table_schema = '${s}' order by table_name`);
  return rows.map((r: { table_name: string }) => r.table_name);
}
