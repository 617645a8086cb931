import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, Store } from './store.js';

/**
 * What every Store must do for connections. `open` returns a new store on the SAME database each
 * call, so the races below run on separate connections (separate pools on PostgreSQL).
 */
export function runConnectionsContract(name: string, open: () => Promise<Store>): void {
  describe(`Store connections contract: ${name}`, () => {
    let store: Store;
    let other: Store;
    let projectId: string;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      other = await open();
      projectId = (await store.projects.create({ id: uid('prj'), name: 'P' })).id;
    });
    afterAll(async () => {
      await other?.close();
      await store?.close();
    });

    const config = (toolkit = 'acme', isDefault = false) =>
      store.authConfigs.create({
        id: uid('ac'),
        project_id: projectId,
        toolkit_slug: toolkit,
        name: 'cfg',
        auth_scheme: 'OAUTH2',
        is_managed: false,
        is_default: isDefault,
        created_by: 'api',
        status: 'ENABLED',
        settings: { client_id: 'c' },
        sealed_secrets: 'v1.sealed',
      });
    const account = async (configId: string, user = 'u', extra: Partial<AccountRow> = {}) =>
      store.accounts.create(
        {
          id: uid('ca'),
          project_id: projectId,
          user_id: user,
          toolkit_slug: 'acme',
          auth_config_id: configId,
          status: 'ACTIVE',
          status_reason: null,
          alias: null,
          is_disabled: false,
          sealed_credentials: 'v1.creds',
          public_state: { a: 1 },
          expires_at: '2030-01-01T00:00:00.000Z',
          connected_at: new Date().toISOString(),
          ...extra,
        },
        { type: 'created' },
      );

    const link = (accountId: string, expiresAt: string) =>
      store.connectLinks.create({
        id: uid('lnk'),
        token_hash: uid('h'),
        project_id: projectId,
        account_id: accountId,
        session_id: null,
        callback_url: null,
        expires_at: expiresAt,
      });
    const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

    it('keeps one default config per toolkit and round-trips settings', async () => {
      const a = await config('kit-a', true);
      const b = await config('kit-a', true);
      const listed = await store.authConfigs.forToolkit(projectId, 'kit-a');
      expect(listed.map((c) => [c.id, c.is_default])).toEqual([
        [b.id, true],
        [a.id, false],
      ]);
      expect(listed[0]).toMatchObject({ settings: { client_id: 'c' }, is_managed: false, created_by: 'api', status: 'ENABLED' });
      await store.authConfigs.update(projectId, a.id, { is_default: true, name: 'renamed' });
      expect((await store.authConfigs.forToolkit(projectId, 'kit-a')).map((c) => [c.id, c.is_default, c.name])).toEqual([
        [a.id, true, 'renamed'],
        [b.id, false, 'cfg'],
      ]);
      expect(await store.authConfigs.get('other-project', a.id)).toBeUndefined();
    });

    it('deleting a config removes its accounts; events outlive them', async () => {
      const c = await config();
      const acc = await account(c.id);
      expect((await store.authConfigs.accountCounts(projectId, [c.id])).get(c.id)).toBe(1);
      expect(await store.authConfigs.delete(projectId, c.id)).toBe(true);
      expect(await store.accounts.get(projectId, acc.id)).toBeUndefined();
      expect((await store.accounts.events(projectId, acc.id)).map((e) => e.type)).toEqual(['created']);
    });

    it("orders a user's accounts most recently connected first, never-connected last", async () => {
      const c = await config();
      const user = uid('user');
      const never = await account(c.id, user, { connected_at: null, status: 'INITIATED' });
      const old = await account(c.id, user, { connected_at: '2024-01-01T00:00:00.000Z' });
      const recent = await account(c.id, user, { connected_at: '2025-01-01T00:00:00.000Z' });
      expect((await store.accounts.forUser(projectId, user, 'acme')).map((a) => a.id)).toEqual([recent.id, old.id, never.id]);
      expect(await store.accounts.forUser(projectId, uid('nobody'), 'acme')).toEqual([]);
    });

    it('lets exactly one of two connections take the refresh lease, and only the holder complete', async () => {
      const acc = await account((await config()).id);
      const now = new Date().toISOString();
      const until = new Date(Date.now() + 30_000).toISOString();
      const wins = await Promise.all([
        store.accounts.acquireLease(acc.id, acc.refresh_version, 'one', until, now),
        other.accounts.acquireLease(acc.id, acc.refresh_version, 'two', until, now),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      const [owner, loser] = wins[0] ? ['one', 'two'] : ['two', 'one'];
      const creds = { sealed_credentials: 'v1.new', public_state: {}, expires_at: null };
      expect(await store.accounts.completeRefresh(acc.id, loser!, creds, { type: 'refreshed' })).toBeUndefined();
      const done = await store.accounts.completeRefresh(acc.id, owner!, creds, { type: 'refreshed' });
      expect(done).toMatchObject({ refresh_version: acc.refresh_version + 1, lease_owner: null, sealed_credentials: 'v1.new' });
      // The old version can no longer be leased: whoever read it must re-read.
      expect(await store.accounts.acquireLease(acc.id, acc.refresh_version, 'three', until, now)).toBe(false);
    });

    it('frees an expired lease, and records a status change on release', async () => {
      const acc = await account((await config()).id);
      const past = new Date(Date.now() - 1000).toISOString();
      expect(await store.accounts.acquireLease(acc.id, acc.refresh_version, 'dead', past, new Date(Date.now() - 2000).toISOString())).toBe(true);
      const now = new Date().toISOString();
      expect(await other.accounts.acquireLease(acc.id, acc.refresh_version, 'alive', new Date(Date.now() + 30_000).toISOString(), now)).toBe(true);
      await store.accounts.releaseLease(acc.id, 'alive', { status: 'EXPIRED', status_reason: 'revoked' }, { type: 'expired', detail: 'invalid_grant' });
      expect(await store.accounts.get(projectId, acc.id)).toMatchObject({ status: 'EXPIRED', status_reason: 'revoked', lease_owner: null });
      expect((await store.accounts.events(projectId, acc.id)).map((e) => e.type)).toEqual(['created', 'expired']);
    });

    it('uses a link and consumes an OAuth state exactly once, also under a race', async () => {
      const acc = await account((await config()).id, 'u', { status: 'INITIATED' });
      const created = await link(acc.id, inAMinute());
      expect(await store.connectLinks.byTokenHash(created.token_hash)).toEqual(created);
      const stateHash = uid('st');
      await store.connectLinks.addState({
        state_hash: stateHash,
        link_id: created.id,
        browser_hash: 'b',
        sealed_verifier: 'v',
        expires_at: created.expires_at,
      });
      expect(await store.connectLinks.state(stateHash)).toMatchObject({ link_id: created.id, used_at: null });
      const at = new Date().toISOString();
      const consumed = await Promise.all([store.connectLinks.consumeState(stateHash, at), other.connectLinks.consumeState(stateHash, at)]);
      expect(consumed.filter(Boolean)).toHaveLength(1);
      const used = await Promise.all([store.connectLinks.markUsed(created.id, at), other.connectLinks.markUsed(created.id, at)]);
      expect(used.filter(Boolean)).toHaveLength(1);
    });

    it('finds expired links of waiting accounts, unless a newer link is open', async () => {
      const acc = await account((await config()).id, 'u', { status: 'INITIATED' });
      const past = new Date(Date.now() - 1000).toISOString();
      await link(acc.id, past);
      const now = new Date().toISOString();
      expect((await store.connectLinks.expiredWaiting(now, 1000)).map((l) => l.account_id)).toContain(acc.id);
      await link(acc.id, inAMinute());
      expect((await store.connectLinks.expiredWaiting(now, 1000)).map((l) => l.account_id)).not.toContain(acc.id);
      expect(await store.connectLinks.liveCount(acc.id, now)).toBe(1);
    });

    it('prunes links and states that expired before a point in time', async () => {
      const acc = await account((await config()).id, 'u', { status: 'INITIATED' });
      const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
      const created = await link(acc.id, old);
      await store.connectLinks.addState({ state_hash: uid('st'), link_id: created.id, browser_hash: 'b', sealed_verifier: 'v', expires_at: old });
      const fresh = await link(acc.id, inAMinute());
      expect(await store.connectLinks.prune(new Date(Date.now() - 86_400_000).toISOString())).toBeGreaterThanOrEqual(2);
      expect(await store.connectLinks.get(created.id)).toBeUndefined();
      expect(await store.connectLinks.get(fresh.id)).toEqual(fresh);
    });
  });
}

function uid(prefix: string): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}
