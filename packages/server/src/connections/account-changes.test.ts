import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.js';
import type { AccountRow, Store } from '../store/store.js';
import { announce, waitForAccountChange } from './account-changes.js';

/** Two stores on one SQLite file stand for two server processes. */
const dir = mkdtempSync(join(tmpdir(), 'toolrouter-account-changes-'));
let here: Store;
let there: Store;

beforeAll(async () => {
  here = await openSqliteStore({ file: join(dir, 'changes.db') });
  await here.migrate();
  there = await openSqliteStore({ file: join(dir, 'changes.db') });
});
afterAll(async () => {
  await here?.close();
  await there?.close();
  rmSync(dir, { recursive: true, force: true });
});

const account = (id: string, status: AccountRow['status'] = 'ACTIVE') =>
  ({ id, project_id: 'proj_1', user_id: 'u1', toolkit_slug: 'acme', status, refresh_version: 2 }) as AccountRow;

describe('account changes', () => {
  it('wakes a waiter when another store on the database announces a matching change', async () => {
    const started = Date.now();
    const waiting = waitForAccountChange(here.changes, {
      timeoutMs: 10_000,
      matches: (c) => (c.account_id === 'ca_wanted' ? c : undefined),
    });
    await new Promise((r) => setTimeout(r, 300));
    await announce(there.changes, account('ca_other'));
    await announce(there.changes, account('ca_wanted'), 'DELETED');
    expect(await waiting).toEqual({
      kind: 'account_changed',
      project_id: 'proj_1',
      user_id: 'u1',
      account_id: 'ca_wanted',
      toolkit: 'acme',
      status: 'DELETED',
      version: 2,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers from `ready` without waiting when the state already suffices', async () => {
    const started = Date.now();
    expect(await waitForAccountChange(here.changes, { timeoutMs: 10_000, ready: async () => 'already', matches: () => undefined })).toBe('already');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ends with undefined at the deadline, or when aborted', async () => {
    const started = Date.now();
    expect(await waitForAccountChange(here.changes, { timeoutMs: 300, matches: () => true })).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    expect(await waitForAccountChange(here.changes, { timeoutMs: 10_000, signal: abort.signal, matches: () => true })).toBeUndefined();
  });
});
