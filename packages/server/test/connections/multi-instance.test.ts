import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreKind } from '../harness.js';
import { eventually } from '../mcp-harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, completeOAuth, setUpAcme, startEnv } from './fixture.js';
import { startProvider, type TestProvider } from './oauth-provider.js';

/**
 * Two server instances (own pools, caches and in-process state) on one database — a PostgreSQL
 * schema or an SQLite file: the refresh lease makes refreshes single-flight across them, and the
 * store's change feed wakes a waiter on one instance when the callback lands on the other.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each<StoreKind>(['postgres', 'sqlite'])('connections across instances on one %s database', (kind) => {
  let a: ConnectionsEnv;
  let b: ConnectionsEnv;
  let provider: TestProvider;
  let configId: string;

  beforeAll(async () => {
    a = await startEnv({ store: kind });
    // B believes it is served at A's address, as instances behind one load balancer would.
    b = await startEnv({ store: kind, shared: a, publicUrl: a.origin });
    provider = await startProvider({ redirectUris: [`${a.origin}/oauth/callback`, `${b.origin}/oauth/callback`] });
    configId = await setUpAcme(a, provider);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await provider?.close();
  });

  async function connect(userId: string, extra: Record<string, unknown> = {}) {
    const id = (await a.call('POST', BASE, { user_id: userId, toolkits: ['acme'], ...extra })).json.session_id as string;
    const link = (await a.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    await completeOAuth(new Browser(), link.redirect_url, userId);
    return { id, accountId: link.connected_account_id as string };
  }

  function lookup(env: ConnectionsEnv, sessionId: string) {
    return env.services.sessions
      .load(env.projectA, sessionId)
      .then(({ row, view }) => env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit('acme')!.toolkit }));
  }

  it('20 concurrent lookups split over two instances make exactly one refresh request', async () => {
    const { id } = await connect('shared-user');
    const before = provider.tokenRequests['refresh_token'] ?? 0;
    a.clock.offsetMs = 2 * 60 * 60_000; // both instances share the clock object
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => lookup(i % 2 === 0 ? a : b, id)));
      expect(provider.tokenRequests['refresh_token']).toBe(before + 1);
      const tokens = new Set(results.map((r) => (r.auth as { token: string }).token));
      expect(tokens.size).toBe(1);
      expect(await provider.accepts([...tokens][0]!)).toBe(true);
    } finally {
      a.clock.offsetMs = 0;
    }
  });

  it('keeps credentials in memory for calls, and drops them on every instance when the account is refreshed, disabled or deleted', async () => {
    const { id, accountId } = await connect('kept-user');
    const token = async (env: ConnectionsEnv) => ((await lookup(env, id)).auth as { token: string }).token;
    const first = await token(b);
    expect(await token(b)).toBe(first); // now served from B's memory
    expect(b.services.hot.openedCredentials.size).toBeGreaterThan(0);

    // Refreshed through A: B must stop using the old token (its memory keeps entries 15 s, the wait below is 5 s).
    a.clock.offsetMs = 2 * 60 * 60_000;
    let renewed: string;
    try {
      renewed = await token(a);
    } finally {
      a.clock.offsetMs = 0;
    }
    expect(renewed).not.toBe(first);
    await eventually(async () => ((await token(b)) === renewed ? true : undefined), 5_000, 'B to use the refreshed token');

    // Disabled through A's API: B refuses the next calls.
    expect((await a.call('PATCH', `/api/v3.1/connected_accounts/${accountId}/status`, { enabled: false })).status).toBe(200);
    await eventually(async () => ((await lookup(b, id).catch((e: Error) => e)) instanceof Error ? true : undefined), 5_000, 'B to refuse the disabled account');
    expect((await a.call('PATCH', `/api/v3.1/connected_accounts/${accountId}/status`, { enabled: true })).status).toBe(200);
    await eventually(async () => ((await token(b).catch(() => undefined)) === renewed ? true : undefined), 5_000, 'B to use the account again');

    // Deleted through A: B no longer finds it, and keeps no opened credentials for it.
    expect((await a.call('DELETE', `/api/v3.1/connected_accounts/${accountId}`)).status).toBe(200);
    const refused = await eventually(
      async () => {
        const outcome = await lookup(b, id).catch((e: Error) => e);
        return outcome instanceof Error ? outcome : undefined;
      },
      5_000,
      'B to refuse the deleted account',
    );
    expect(refused.message).toMatch(/No active connected account/);
    expect([...b.services.hot.openedCredentials.values()].some((kept) => kept.row.id === accountId)).toBe(false);
  });

  it('serves one Connect Link across instances: page from one, form post or OAuth callback to the other', async () => {
    const id = (await a.call('POST', BASE, { user_id: 'roaming', toolkits: ['acme', 'openweather'] })).json.session_id as string;
    const browser = new Browser();
    const keyLink = (await a.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
    const form = await browser.go(keyLink.redirect_url);
    browser.shareCookies(a.origin, b.origin);
    const done = await browser.submit({ ...form, url: form.url.replace(a.origin, b.origin) }, { api_key: 'roaming-key-0000000000' });
    expect(done.status).toBe(200);
    expect(done.trail[0]!.startsWith(b.origin)).toBe(true);

    const oauthLink = (await a.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    const loginPage = await browser.go(oauthLink.redirect_url, {}, () => true);
    const consent = await browser.submit(loginPage, { login: 'roaming', password: 'x' });
    const atCallback = await browser.submit(consent, {}, (u) => !u.startsWith(`${a.origin}/oauth/callback`));
    browser.shareCookies(a.origin, b.origin);
    const finished = await browser.go(atCallback.url.replace(a.origin, b.origin));
    expect(finished.status).toBe(200);
    expect(finished.html).toContain('Acme connected');
    for (const account of [keyLink.connected_account_id, oauthLink.connected_account_id]) {
      expect((await b.call('GET', `/api/v3.1/connected_accounts/${account}`)).json.status).toBe('ACTIVE');
    }
  });

  it('an instance started with another master key refuses to run on the same database', async () => {
    const { checkVaultKey } = await import('../../src/connections/vault/key-check.js');
    const { Sealer } = await import('../../src/connections/vault/sealer.js');
    const { randomBytes } = await import('node:crypto');
    await expect(checkVaultKey(a.services.store, new Sealer(randomBytes(32)))).rejects.toThrow(/different encryption key/);
  });

  it('COMPOSIO_WAIT_FOR_CONNECTIONS on one instance wakes when the callback lands on the other', async () => {
    const config = { manage_connections: { enable: true, enable_wait_for_connections: true } };
    const id = (await b.call('POST', BASE, { user_id: 'waiter', toolkits: ['acme'], ...config })).json.session_id as string;
    const manage = (await a.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_MANAGE_CONNECTIONS', arguments: { toolkits: ['acme'] } })).json;
    const result = manage.data.results.acme;
    expect(result).toMatchObject({ status: 'initiated', has_active_connection: false, redirect_url: expect.stringMatching(/\/link\/lt_/) });
    expect(manage.data.message).toContain(result.redirect_url);

    const started = Date.now();
    const waiting = b.call('POST', `${BASE}/${id}/execute`, {
      tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS',
      arguments: { toolkits: ['acme'], timeout_seconds: 60 },
    });
    await new Promise((r) => setTimeout(r, 300));
    await completeOAuth(new Browser(), result.redirect_url, 'waiter'); // link on instance A's origin
    const waited = (await waiting).json;
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(waited.error).toBeNull();
    expect(waited.data.results.acme).toMatchObject({ status: 'ACTIVE', has_active_connection: true, connected_account_id: result.connected_account_id });

    // Already connected: returns at once; a session without the option cannot call it.
    const quick = Date.now();
    expect(
      (await b.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS', arguments: { toolkits: ['acme'] } })).json.data.results.acme
        .status,
    ).toBe('ACTIVE');
    expect(Date.now() - quick).toBeLessThan(5_000);
    const plain = (await b.call('POST', BASE, { user_id: 'waiter', toolkits: ['acme'] })).json.session_id;
    const refused = (await b.call('POST', `${BASE}/${plain}/execute`, { tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS', arguments: { toolkits: ['acme'] } })).json;
    expect(refused.error).toMatch(/not enabled/);
  });

  it('a bounded wait ends at its deadline when nobody connects', async () => {
    const id = (await b.call('POST', BASE, { user_id: 'nobody', toolkits: ['acme'], manage_connections: { enable_wait_for_connections: true } })).json
      .session_id;
    const started = Date.now();
    const res = (
      await b.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS', arguments: { toolkits: ['acme'], timeout_seconds: 1 } })
    ).json;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(res.data.results.acme).toMatchObject({ status: 'NOT_FOUND', has_active_connection: false });
    expect(res.data.message).toMatch(/Stopped waiting/);
  });

  // Last: it removes the toolkit's auth config that the tests above connect through.
  it('drops kept credentials on every instance when the auth config is deleted (its accounts go with it)', async () => {
    const { id } = await connect('config-user');
    const first = await lookup(b, id);
    expect((await lookup(b, id)).auth).toEqual(first.auth); // kept in B's memory
    expect((await a.call('DELETE', `/api/v3.1/auth_configs/${configId}`)).status).toBe(200);
    await eventually(async () => ((await lookup(b, id).catch((e: Error) => e)) instanceof Error ? true : undefined), 5_000, 'B to refuse the removed account');
  });
});
