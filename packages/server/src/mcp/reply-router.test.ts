import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { ReplyRouter } from './reply-router.js';

/** Two instances on one database: an answer that reaches the wrong one still finds its request. */
const dir = mkdtempSync(join(tmpdir(), 'toolrouter-replies-'));
let a: Store;
let b: Store;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  a = await openSqliteStore({ file: join(dir, 'db.sqlite') });
  await a.migrate();
  b = await openSqliteStore({ file: join(dir, 'db.sqlite') });
});
afterAll(async () => {
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

const answer = (id: string) => ({ jsonrpc: '2.0' as const, id, result: { action: 'accept', content: { approve: true } } });

describe('ReplyRouter', () => {
  it('hands an answer to the waiting request in this process', async () => {
    const router = new ReplyRouter(a.changes, log);
    const got: unknown[] = [];
    const { id } = await router.register({ projectId: 'p', sessionId: 's', deliver: (m) => got.push(m) });
    expect(id).toMatch(/^srv_[\w-]{24}$/);
    expect(await router.route('p', 's', answer(id))).toBe('delivered');
    expect(got).toEqual([answer(id)]);
    expect(router.size).toBe(0);
  });

  it('relays an answer received by another instance to the one that waits', async () => {
    const waiting = new ReplyRouter(a.changes, log);
    const receiving = new ReplyRouter(b.changes, log);
    const got: unknown[] = [];
    const { id } = await waiting.register({ projectId: 'p', sessionId: 's', deliver: (m) => got.push(m) });
    expect(await receiving.route('p', 's', answer(id))).toBe('forwarded');
    const deadline = Date.now() + 5_000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([answer(id)]);
  });

  it('ignores an answer sent for another session or project', async () => {
    const router = new ReplyRouter(a.changes, log);
    const got: unknown[] = [];
    const { id, forget } = await router.register({ projectId: 'p', sessionId: 's', deliver: (m) => got.push(m) });
    await router.route('p', 'other-session', answer(id));
    await router.route('other-project', 's', answer(id));
    await new Promise((r) => setTimeout(r, 500));
    expect(got).toEqual([]);
    forget();
    expect(router.size).toBe(0);
  });

  it('refuses to relay an oversized answer', async () => {
    const router = new ReplyRouter(a.changes, log);
    const big = { jsonrpc: '2.0' as const, id: 'srv_unknown', result: { text: 'x'.repeat(8_000) } };
    expect(await router.route('p', 's', big)).toBe('too_large');
  });
});
