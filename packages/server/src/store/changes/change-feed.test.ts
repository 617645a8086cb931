import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../postgres.js';
import { openSqliteStore } from '../sqlite.js';
import { runChangeFeedContract } from './change-feed.contract.js';
import { parseChange } from './change-feed.js';

const dir = mkdtempSync(join(tmpdir(), 'toolrouter-changes-'));
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});

async function migrated<T extends { migrate(): Promise<void> }>(store: Promise<T>): Promise<T> {
  const s = await store;
  await s.migrate();
  return s;
}

runChangeFeedContract('sqlite', () => migrated(openSqliteStore({ file: join(dir, 'feed.db') })));
runChangeFeedContract('postgres', () => migrated(openPostgresStore({ url, schema })));

describe('change payloads', () => {
  it('accepts only well-formed events', () => {
    expect(parseChange('{"kind":"session_updated","project_id":"p","session_id":"s"}')).toEqual({
      kind: 'session_updated',
      project_id: 'p',
      session_id: 's',
    });
    expect(parseChange('{"kind":"resync"}')).toBeUndefined();
    expect(parseChange('{"kind":"session_updated","project_id":"p"}')).toBeUndefined();
    expect(parseChange('not json')).toBeUndefined();
  });
});
