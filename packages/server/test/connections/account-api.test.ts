import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { type ConnectionsEnv, completeOAuth, connectApiKey, startAcmeEnv } from './fixture.js';
import type { TestProvider } from './oauth-provider.js';

const BASE = '/api/v3.1/tool_router/session';
let env: ConnectionsEnv;
let provider: TestProvider;
let close: () => Promise<void>;
let configId: string;

beforeAll(async () => {
  ({ env, provider, configId, close } = await startAcmeEnv());
});
afterAll(() => close?.());

const session = async (userId: string, extra: Record<string, unknown> = {}) =>
  (await env.call('POST', BASE, { user_id: userId, toolkits: ['acme', 'openweather'], ...extra })).json.session_id as string;
const lookup = async (sessionId: string) => {
  const { row, view } = await env.services.sessions.load(env.projectA, sessionId);
  return env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit('acme')!.toolkit });
};

describe('connected account API', () => {
  it('lists with filters and a cursor, renames, disables and deletes', async () => {
    const id = await session('lister', { multi_account: { enable: true, require_explicit_selection: false } });
    const one = await connectApiKey(env, id, 'lister-key-one-000000', { alias: 'one' });
    const two = await connectApiKey(env, id, 'lister-key-two-000000', { alias: 'two' });
    const pending = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json.connected_account_id;

    const active = (await env.call('GET', '/api/v3.1/connected_accounts?user_ids=lister&statuses=ACTIVE')).json;
    expect(active.items.map((a: any) => a.id).sort()).toEqual([one, two].sort());
    const first = (await env.call('GET', '/api/v3.1/connected_accounts?user_ids=lister&toolkit_slugs=openweather&limit=2&order_direction=asc')).json;
    expect(first.total_items).toBe(3);
    expect(first.items.map((a: any) => a.id)).toEqual([one, two]);
    const rest = (
      await env.call('GET', `/api/v3.1/connected_accounts?user_ids=lister&toolkit_slugs=openweather&limit=2&order_direction=asc&cursor=${first.next_cursor}`)
    ).json;
    expect(rest.items.map((a: any) => a.id)).toEqual([pending]);
    const bad = await env.call('GET', '/api/v3.1/connected_accounts?statuses=SLEEPING');
    expect(bad.status).toBe(400);
    expect(bad.json.error.errors[0]).toMatch(/^statuses/);

    const renamed = await env.call('PATCH', `/api/v3.1/connected_accounts/${one}`, { alias: 'primary' });
    expect(renamed.json).toMatchObject({ id: one, alias: 'primary', success: true });
    expect((await env.call('PATCH', `/api/v3.1/connected_accounts/${two}`, { alias: 'primary' })).status).toBe(400);

    expect((await env.call('PATCH', `/api/v3.1/connected_accounts/${two}/status`, { enabled: false })).status).toBe(200);
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${two}`)).json).toMatchObject({ is_disabled: true, status: 'INACTIVE' });
    expect((await env.call('GET', `/api/v3.1/connected_accounts?user_ids=lister&statuses=ACTIVE`)).json.items.map((a: any) => a.id)).toEqual([one]);
    expect((await env.call('PATCH', `/api/v3.1/connected_accounts/${two}/status`, { enabled: true })).status).toBe(200);
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${two}`)).json).toMatchObject({ is_disabled: false, status: 'ACTIVE' });
    await env.call('PATCH', `/api/v3.1/connected_accounts/${two}/status`, { enabled: false });

    expect((await env.call('DELETE', `/api/v3.1/connected_accounts/${one}`)).json).toEqual({ success: true });
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${one}`)).status).toBe(404);
    const events = await env.services.store.accounts.events(env.projectA, one);
    expect(events.map((e) => e.type)).toEqual(['created', 'activated', 'updated', 'deleted']);
    expect((await env.services.store.accounts.events(env.projectA, two)).map((e) => e.type)).toEqual(['created', 'activated', 'updated', 'updated', 'updated']);
  });

  it('POST …/refresh renews an OAuth2 token now, and gives other accounts a reconnect link', async () => {
    const id = await session('refresher');
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    await completeOAuth(new Browser(), link.redirect_url, 'refresher');
    const before = (await lookup(id)).auth;
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    const refreshed = (await env.call('POST', `/api/v3.1/connected_accounts/${link.connected_account_id}/refresh`)).json;
    expect(refreshed).toEqual({ id: link.connected_account_id, status: 'ACTIVE', redirect_url: null });
    expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
    expect((await lookup(id)).auth).not.toEqual(before);

    const keyAccount = await connectApiKey(env, id, 'refresh-key-00000000000');
    const relink = (await env.call('POST', `/api/v3.1/connected_accounts/${keyAccount}/refresh`)).json;
    expect(relink).toMatchObject({ id: keyAccount, status: 'ACTIVE', redirect_url: expect.stringContaining('/link/lt_') });
  });

  it('keeps the account ACTIVE and records refresh_failed when the provider cannot be reached', async () => {
    const id = await session('unreachable');
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    await completeOAuth(new Browser(), link.redirect_url, 'unreachable');
    // Point the config's token endpoint at a closed port, as if the provider were down.
    await env.call('PATCH', `/api/v3.1/auth_configs/${configId}`, { credentials: { token_url: 'http://127.0.0.1:9/token' } });
    env.clock.offsetMs = 2 * 60 * 60_000;
    try {
      await expect(lookup(id)).rejects.toMatchObject({ code: 'CONNECTION_REFRESH_FAILED' });
    } finally {
      env.clock.offsetMs = 0;
      await env.call('PATCH', `/api/v3.1/auth_configs/${configId}`, { credentials: { token_url: `${provider.issuer}/token` } });
    }
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.status).toBe('ACTIVE');
    const events = await env.services.store.accounts.events(env.projectA, link.connected_account_id);
    expect(events.at(-1)).toMatchObject({ type: 'refresh_failed', detail: expect.stringContaining('could not be reached') });
  });

  it('connects with the client credentials grant without a browser round trip to the provider', async () => {
    const cc = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'acme' },
      auth_config: {
        type: 'use_custom_auth',
        authScheme: 'OAUTH2',
        credentials: { client_id: provider.clientId, client_secret: provider.clientSecret, grant_type: 'client_credentials', scopes: ['api:read'] },
      },
    });
    expect(cc.status).toBe(201);
    const id = await session('machine', { auth_configs: { acme: cc.json.id } });
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    const before = provider.tokenRequests['client_credentials'] ?? 0;
    const page = await new Browser().go(link.redirect_url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Acme connected');
    expect(provider.tokenRequests['client_credentials']).toBe(before + 1);
    const creds = await lookup(id);
    expect(creds).toMatchObject({ connectedAccountId: link.connected_account_id, auth: { mode: 'OAUTH2' } });
    // Expired client-credentials tokens are simply fetched again.
    env.clock.offsetMs = 2 * 60 * 60_000;
    try {
      const again = await lookup(id);
      expect(again.auth).not.toEqual(creds.auth);
      expect(provider.tokenRequests['client_credentials']).toBe(before + 2);
    } finally {
      env.clock.offsetMs = 0;
    }
  });

  it('COMPOSIO_WAIT_FOR_CONNECTIONS: "any" returns at once when one is connected, "all" waits for every one', async () => {
    const id = await session('wait-modes', { manage_connections: { enable_wait_for_connections: true } });
    await connectApiKey(env, id, 'wait-modes-key-00000000');
    const pending = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'acme' })).json;
    const wait = (args: Record<string, unknown>) => env.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS', arguments: args });
    let started = Date.now();
    const any = (await wait({ toolkits: ['acme', 'openweather'], mode: 'any', timeout_seconds: 30 })).json;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(any.data.results.openweather.status).toBe('ACTIVE');
    started = Date.now();
    const all = (await wait({ toolkits: ['acme', 'openweather'], mode: 'all', timeout_seconds: 1 })).json;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(all.data.results.acme).toMatchObject({ status: 'INITIATED', connected_account_id: pending.connected_account_id, has_active_connection: false });
    const bad = (await wait({ toolkits: [], mode: 'some' })).json;
    expect(bad.error).toMatch(/Invalid arguments/);
  });

  it('COMPOSIO_MANAGE_CONNECTIONS lists, renames and (only when enabled) removes accounts', async () => {
    const manage = async (sessionId: string, toolkits: unknown[]) =>
      (await env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: 'COMPOSIO_MANAGE_CONNECTIONS', arguments: { toolkits } })).json;
    // A user with nothing yet gets a link; nothing failed, and the agent is not told to ask for one again.
    const fresh = await manage(await session('fresh-manager'), ['openweather']);
    expect(fresh.data.results.openweather).toMatchObject({ status: 'initiated', redirect_url: expect.stringContaining('/link/lt_'), error_message: null });
    expect(fresh.error).toBeNull();
    const locked = await session('manager');
    const account = await connectApiKey(env, locked, 'manager-key-0000000000');
    const listed = await manage(locked, [{ name: 'openweather', action: 'list' }]);
    expect(listed.data.results.openweather).toMatchObject({
      status: 'active',
      has_active_connection: true,
      accounts: [{ id: account, status: 'ACTIVE', is_default: true }],
    });
    const renamed = await manage(locked, [{ name: 'openweather', action: 'rename', account_id: account, alias: 'home' }]);
    expect(renamed.data.results.openweather.accounts[0].alias).toBe('home');
    const refused = await manage(locked, [{ name: 'openweather', action: 'remove', account_id: account }]);
    expect(refused.data.results.openweather).toMatchObject({ status: 'failed', error_message: expect.stringContaining('enable_connection_removal') });
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${account}`)).status).toBe(200);

    const open = await session('manager', { toolkits: ['openweather', 'hackernews'], manage_connections: { enable_connection_removal: true } });
    const removed = await manage(open, [{ name: 'openweather', action: 'remove', account_id: account }, 'hackernews', 'nonsense']);
    expect(removed.data.results.openweather).toMatchObject({ has_active_connection: false, instruction: `Removed ${account}.` });
    expect(removed.data.results.hackernews).toMatchObject({ status: 'active', has_active_connection: true });
    expect(removed.data.results.nonsense).toMatchObject({ status: 'failed', error_message: expect.stringContaining('no toolkit') });
    expect((await manage(locked, ['hackernews'])).data.results.hackernews).toMatchObject({
      status: 'failed',
      error_message: expect.stringContaining('not enabled'),
    });
    expect(removed.data.summary).toEqual({ total_toolkits: 3, active_connections: 1, initiated_connections: 0, failed_connections: 2 });
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${account}`)).status).toBe(404);
  });

  it('experimental.link_url_overwrite changes the base of the links handed out', async () => {
    const id = await session('overwrite', { experimental: { link_url_overwrite: 'https://connect.example.com/' }, toolkits: ['openweather'] });
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
    expect(link.redirect_url).toBe(`https://connect.example.com/link/${link.link_token}`);
    const manage = (await env.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_MANAGE_CONNECTIONS', arguments: { toolkits: ['openweather'] } }))
      .json;
    expect(manage.data.results.openweather.redirect_url).toMatch(/^https:\/\/connect\.example\.com\/link\/lt_/);
    // The token works on this server, whatever origin the link shows.
    const page = await new Browser().go(`${env.origin}/link/${link.link_token}`);
    expect(page.status).toBe(200);
  });
});
