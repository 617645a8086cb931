import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../src/store/migrations/index.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { TEST_DATABASE_URL } from './harness.js';

/**
 * Upgrading a database whose MCP tokens predate issuer tracking: they keep working, but no longer
 * forever (30 days from the upgrade), and revoking any key of their project revokes them, since
 * the key that issued them is unknown.
 */
const BEFORE = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '006'));
const DAY_MS = 24 * 60 * 60 * 1000;

/** A database at the last migration before issuer tracking, and a way to open it as a full store. */
async function oldDatabase(kind: 'sqlite' | 'postgres') {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'toolrouter-mig-'));
    const file = path.join(dir, 'old.db');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    return { db, open: () => openSqliteStore({ file }), dispose: () => rm(dir, { recursive: true, force: true }), schema: undefined };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const dispose = async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  };
  return { db, open: () => openPostgresStore({ url: TEST_DATABASE_URL, schema }), dispose, schema };
}

describe.each(['sqlite', 'postgres'] as const)('MCP token migration on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('bounds the lifetime of older tokens and revokes them with any key of their project', async () => {
    const old = await oldDatabase(kind);
    cleanups.push(old.dispose);
    const migrated = await new Migrator({
      db: old.db,
      provider: { getMigrations: async () => BEFORE },
      ...(old.schema ? { migrationTableSchema: old.schema } : {}),
    }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    const at = new Date().toISOString();
    await old.db.insertInto('projects').values({ id: 'p1', name: 'p', created_at: at, catalog_revision: 0 }).execute();
    await old.db.insertInto('api_keys').values({ id: 'k1', project_id: 'p1', name: 'k', prefix: 'trk_', hash: 'kh1', created_at: at }).execute();
    await old.db
      .insertInto('sessions')
      .values(await sessionRow(old.db, 's1', 'p1', at))
      .execute();
    const token = (id: string, hash: string, expires_at: string | null) => ({
      id,
      project_id: 'p1',
      session_id: 's1',
      name: 'n',
      prefix: 'trmcp_',
      hash,
      created_at: at,
      expires_at,
    });
    await old.db
      .insertInto('mcp_tokens')
      .values([token('m1', 'h1', null), token('m2', 'h2', '2099-01-01T00:00:00.000Z')])
      .execute();
    await old.db.destroy();

    const store: Store = await old.open();
    cleanups.push(() => store.close());
    await store.migrate();
    const now = new Date();
    const forever = await store.mcpTokens.findActiveByHash('h1', now.toISOString());
    expect(forever).toMatchObject({ id: 'm1', api_key_id: null });
    expect(Math.abs(Date.parse(forever!.expires_at!) - (now.getTime() + 30 * DAY_MS))).toBeLessThan(60 * 60 * 1000);
    expect(await store.mcpTokens.findActiveByHash('h1', new Date(now.getTime() + 31 * DAY_MS).toISOString())).toBeUndefined();
    expect((await store.mcpTokens.findActiveByHash('h2', now.toISOString()))?.expires_at).toBe('2099-01-01T00:00:00.000Z');

    await store.apiKeys.revoke('k1');
    expect(await store.mcpTokens.findActiveByHash('h1', now.toISOString())).toBeUndefined();
    expect(await store.mcpTokens.findActiveByHash('h2', now.toISOString())).toBeUndefined();
  });
});

/** A session row with whatever columns the table has at that migration (their values are not under test). */
async function sessionRow(db: Kysely<any>, id: string, projectId: string, at: string): Promise<Record<string, unknown>> {
  const tables = await db.introspection.getTables();
  const columns = tables.find((t) => t.name === 'sessions')!.columns;
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    if (column.name === 'id') row[column.name] = id;
    else if (column.name === 'project_id') row[column.name] = projectId;
    else if (column.name.endsWith('_at')) row[column.name] = column.isNullable ? null : at;
    else if (!column.isNullable && !column.hasDefaultValue)
      row[column.name] = column.dataType.includes('int') ? 1 : column.name === 'config' ? '{"user_id":"u"}' : 'u';
  }
  return row;
}
