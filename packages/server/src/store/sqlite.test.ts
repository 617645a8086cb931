import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runConnectionsContract } from './connections.contract.js';
import { runExecutionStoreContract } from './execution.contract.js';
import { migrations } from './migrations/index.js';
import { openStore } from './open-store.js';
import { openSqliteStore } from './sqlite.js';
import { runStoreContract, tool, toolkit } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'toolrouter-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A missing parent directory is part of the contract of openSqliteStore.
runStoreContract('sqlite', () => openSqliteStore({ file: join(dir, 'nested', 'contract.db') }));
runExecutionStoreContract('sqlite', () => openSqliteStore({ file: join(dir, 'nested', 'contract.db') }));
runConnectionsContract('sqlite', () => openSqliteStore({ file: join(dir, 'nested', 'contract.db') }));

describe('sqlite store', () => {
  it('keeps data across close and reopen of the same file', async () => {
    const file = join(dir, 'reopen.db');
    const first = await openSqliteStore({ file });
    await first.migrate();
    await first.projects.create({ id: 'p1', name: 'P' });
    await first.toolkits.put('p1', toolkit('github'), [tool('github', 'GITHUB_A')]);
    await first.sessions.create({ id: 's1', project_id: 'p1', user_id: 'u', config: { user_id: 'u' } });
    await first.sessions.update('p1', 's1', 1, { user_id: 'u', search: { enable: false } });
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await openSqliteStore({ file });
    await second.migrate();
    expect(second.dialect).toBe('sqlite');
    expect(await second.projects.get('p1')).toMatchObject({ catalog_revision: 1 });
    expect((await second.toolkits.listTools('p1')).map((t) => t.slug)).toEqual(['GITHUB_A']);
    expect(await second.sessions.get('p1', 's1')).toMatchObject({ config_version: 2, config: { search: { enable: false } } });
    await second.close();

    const raw = new SqliteDatabase(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('openStore uses <dataDir>/toolrouter.db when no postgres URL is given', async () => {
    const dataDir = join(dir, 'data-dir');
    for (const databaseUrl of [undefined, '', 'sqlite:ignored']) {
      const store = await openStore({ dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
      expect(store.dialect).toBe('sqlite');
      await store.migrate();
      await store.close();
    }
    expect(existsSync(join(dataDir, 'toolrouter.db'))).toBe(true);
  });

  // SQLite's locking is per connection, and better-sqlite3 blocks the thread while it waits for a
  // lock, so real concurrency needs separate processes.
  describe('several processes on one file', () => {
    it('migrate at the same moment: all succeed and each migration is applied once', async () => {
      const file = join(dir, 'race-migrate.db');
      const outputs = await runChildren(4, { FILE: file, MODE: 'migrate' });
      expect(outputs).toEqual(['migrated', 'migrated', 'migrated', 'migrated']);
      const raw = new SqliteDatabase(file, { readonly: true });
      expect(raw.prepare('select name from kysely_migration').all()).toEqual(Object.keys(migrations).map((name) => ({ name })));
      raw.close();
    });

    it('update one session with the same expected version: exactly one wins', async () => {
      const file = join(dir, 'race-update.db');
      const store = await openSqliteStore({ file });
      await store.migrate();
      await store.projects.create({ id: 'p1', name: 'P' });
      await store.sessions.create({ id: 's1', project_id: 'p1', user_id: 'u', config: { user_id: 'u' } });
      await store.close();

      const outputs = await runChildren(4, { FILE: file, MODE: 'update' });
      expect(outputs.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outputs.filter((o) => o === 'version_conflict')).toHaveLength(3);
      const after = await openSqliteStore({ file });
      expect((await after.sessions.history('p1', 's1', { offset: 0, limit: 10 })).total).toBe(2);
      await after.close();
    });
  });
});

/** Child script, run by vite-node so it can import the TypeScript sources directly. */
const CHILD = `
import { openSqliteStore } from ${JSON.stringify(fileURLToPath(new URL('./sqlite.ts', import.meta.url)))};
const store = await openSqliteStore({ file: process.env.FILE });
// Start together: module loading takes far longer than the operation under test.
await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env.START_AT) - Date.now())));
try {
  if (process.env.MODE === 'migrate') {
    await store.migrate();
    console.log('RESULT migrated');
  } else {
    const r = await store.sessions.update('p1', 's1', 1, { user_id: 'child-' + process.pid });
    console.log('RESULT ' + (r.ok ? 'ok' : r.reason));
  }
} finally {
  await store.close();
}
`;

async function runChildren(count: number, env: Record<string, string>): Promise<string[]> {
  const script = join(dir, 'child.mjs');
  writeFileSync(script, CHILD);
  const viteNode = fileURLToPath(new URL('../../../../node_modules/.bin/vite-node', import.meta.url));
  const startAt = String(Date.now() + 3_000);
  return Promise.all(Array.from({ length: count }, () => runChild(viteNode, script, { ...process.env, ...env, START_AT: startAt })));
}

function runChild(bin: string, script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = /^RESULT (\S+)$/m.exec(out)?.[1];
      if (code === 0 && result) resolve(result);
      else reject(new Error(`child exited with ${code}: ${out}\n${err}`));
    });
  });
}
