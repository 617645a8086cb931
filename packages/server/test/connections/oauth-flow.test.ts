import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { CALLBACK_URL, type ConnectionsEnv, completeOAuth, notCallback, startAcmeEnv } from './fixture.js';
import type { TestProvider } from './oauth-provider.js';

/**
 * The whole Connect Link flow against a real authorization server, over real HTTP: our link page,
 * the provider's login and consent pages, our callback, the account ACTIVE; then the token's life.
 */
const BASE = '/api/v3.1/tool_router/session';
let env: ConnectionsEnv;
let provider: TestProvider;
let close: () => Promise<void>;
let configId: string;

beforeAll(async () => {
  ({ env, provider, configId, close } = await startAcmeEnv());
});
afterAll(() => close?.());

async function newSession(userId: string, extra: Record<string, unknown> = {}) {
  const res = await env.call('POST', BASE, { user_id: userId, toolkits: ['acme', 'hackernews'], ...extra });
  expect(res.status).toBe(201);
  return res.json.session_id as string;
}

async function connect(userId: string, extra: Record<string, unknown> = {}) {
  const sessionId = await newSession(userId, extra);
  const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL });
  expect(link.status).toBe(201);
  const browser = new Browser();
  const final = await completeOAuth(browser, link.json.redirect_url, userId);
  return { sessionId, link: link.json, browser, final };
}

/**
 * A new session's link, signed in at the provider by a new browser that stops where the provider sends
 * it back to our callback (not followed); `exchanged` counts the code exchanges so far.
 */
async function signedInUpToCallback(userId: string) {
  const sessionId = await newSession(userId);
  const link = (await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL })).json;
  const browser = new Browser();
  const atCallback = await completeOAuth(browser, link.redirect_url, 'x', (u) => !u.startsWith(`${env.origin}/oauth/callback`));
  return { link, browser, atCallback, exchanged: provider.tokenRequests['authorization_code'] };
}

async function credentials(sessionId: string, account?: string) {
  const { row, view } = await env.services.sessions.load(env.projectA, sessionId);
  return env.services.credentials.credentialsFor({
    projectId: env.projectA,
    session: row,
    toolkit: view.toolkit('acme')!.toolkit,
    ...(account ? { account } : {}),
  });
}

describe('OAuth2 Connect Link against oidc-provider', () => {
  it('goes link page → provider login and consent → our callback → ACTIVE, with a working token', async () => {
    const before = provider.tokenRequests['authorization_code'] ?? 0;
    const { link, final, sessionId } = await connect('alice');
    expect(link.link_token).toMatch(/^lt_/);
    expect(link.redirect_url).toBe(`${env.origin}/link/${link.link_token}`);
    expect(link.connected_account_id).toMatch(/^ca_/);

    // The provider sent the browser to our callback, which redirected to the app's callback URL.
    expect(final.trail.some((u) => u.startsWith(`${env.origin}/oauth/callback?code=`))).toBe(true);
    const done = new URL(final.url);
    expect(`${done.origin}${done.pathname}`).toBe(CALLBACK_URL);
    expect(done.searchParams.get('status')).toBe('success');
    expect(done.searchParams.get('connected_account_id')).toBe(link.connected_account_id);
    expect(provider.tokenRequests['authorization_code']).toBe(before + 1);

    const account = await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`);
    expect(account.status).toBe(200);
    expect(account.json).toMatchObject({
      id: link.connected_account_id,
      status: 'ACTIVE',
      status_reason: null,
      user_id: 'alice',
      toolkit: { slug: 'acme' },
      auth_config: { id: configId, auth_scheme: 'OAUTH2', is_composio_managed: false },
    });
    // Only masked values are ever shown.
    expect(account.json.data.access_token).toMatch(/^.{2}•+.{4}$/);

    const creds = await credentials(sessionId);
    expect(creds.connectedAccountId).toBe(link.connected_account_id);
    expect(creds.auth.mode).toBe('OAUTH2');
    const token = (creds.auth as { token: string }).token;
    expect(JSON.stringify(account.json)).not.toContain(token);
    expect(await provider.accepts(token)).toBe(true);

    const toolkits = await env.call('GET', `${BASE}/${sessionId}/toolkits?toolkits=acme`);
    expect(toolkits.json.items[0].connected_account).toMatchObject({
      id: link.connected_account_id,
      status: 'ACTIVE',
      auth_config: { id: configId, auth_scheme: 'OAUTH2' },
    });
    const events = await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}/events`);
    expect(events.json.items.map((e: any) => e.type)).toEqual(['created', 'activated']);
  });

  it('sends PKCE S256 and a state to the provider, and uses the link only once', async () => {
    const sessionId = await newSession('pkce-user');
    const link = (await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme' })).json;
    const browser = new Browser();
    const first = await browser.go(link.redirect_url, {}, () => false);
    expect(first.status).toBe(302);
    const authorize = new URL(first.url);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^st_/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${env.origin}/oauth/callback`);
    expect(authorize.searchParams.get('scope')).toBe('openid api:read');

    await completeOAuth(browser, link.redirect_url, 'pkce-user');
    const again = await new Browser().go(link.redirect_url, {}, () => false);
    expect(again.status).toBe(410);
    expect(again.html).toContain('already used');
  });

  it('refuses a replayed callback without a second token request, and a forged state', async () => {
    const sessionId = await newSession('replay');
    const link = (await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL })).json;
    const browser = new Browser();
    const final = await completeOAuth(browser, link.redirect_url, 'replay');
    const callback = final.trail.find((u) => u.startsWith(`${env.origin}/oauth/callback?`))!;
    const exchanged = provider.tokenRequests['authorization_code'];

    const replay = await browser.go(callback, {}, notCallback);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('already used');
    expect(provider.tokenRequests['authorization_code']).toBe(exchanged);
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.status).toBe('ACTIVE');

    const forged = new URL(callback);
    forged.searchParams.set('state', 'st_forged0000000000000000000000');
    const refused = await browser.go(forged.toString(), {}, notCallback);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('does not belong to any connection');
    expect(provider.tokenRequests['authorization_code']).toBe(exchanged);
  });

  it('refuses a sign-in that returns to a different browser than the one that opened the link', async () => {
    // Stop where the provider sends the browser back to us, then deliver that URL elsewhere.
    const { browser: victim, atCallback, exchanged } = await signedInUpToCallback('other-browser');
    const elsewhere = await new Browser().go(atCallback.url, {}, notCallback);
    expect(elsewhere.status).toBe(403);
    expect(provider.tokenRequests['authorization_code']).toBe(exchanged);
    // The right browser can still finish.
    const finished = await victim.go(atCallback.url, {}, notCallback);
    expect(new URL(finished.url).searchParams.get('status')).toBe('success');
  });

  it('fails a sign-in that comes back after the state expired, without exchanging the code', async () => {
    const { link, browser, atCallback, exchanged } = await signedInUpToCallback('slow-signer');
    env.clock.offsetMs = 16 * 60_000; // the state lives 15 minutes
    try {
      const late = await browser.go(atCallback.url, {}, notCallback);
      expect(new URL(late.url).searchParams.get('status')).toBe('failed');
    } finally {
      env.clock.offsetMs = 0;
    }
    expect(provider.tokenRequests['authorization_code']).toBe(exchanged);
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json;
    expect(account).toMatchObject({ status: 'FAILED', status_reason: expect.stringContaining('expired') });
  });

  it('marks the account FAILED when the user denies access, and redirects with status=failed', async () => {
    const sessionId = await newSession('denier');
    const link = (await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL })).json;
    const browser = new Browser();
    const first = await browser.go(link.redirect_url, {}, () => false);
    const state = new URL(first.url).searchParams.get('state')!;
    const denied = await browser.go(`${env.origin}/oauth/callback?error=access_denied&error_description=The+user+said+no&state=${state}`, {}, notCallback);
    expect(new URL(denied.url).searchParams.get('status')).toBe('failed');
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json;
    expect(account.status).toBe('FAILED');
    expect(account.status_reason).toContain('access_denied');
  });

  it('fails an expired link with a clear page and a FAILED account', async () => {
    const sessionId = await newSession('late');
    const link = (await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme' })).json;
    env.clock.offsetMs = 16 * 60_000;
    try {
      const page = await new Browser().go(link.redirect_url, {}, () => false);
      expect(page.status).toBe(410);
      expect(page.html).toContain('expired');
    } finally {
      env.clock.offsetMs = 0;
    }
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json;
    expect(account).toMatchObject({ status: 'FAILED', status_reason: expect.stringContaining('expired') });
  });

  it('refuses tampered link tokens', async () => {
    const page = await new Browser().go(`${env.origin}/link/lt_notarealtoken`, {}, () => false);
    expect(page.status).toBe(404);
    expect(page.html).toContain('not valid');
  });
});

describe('token lifecycle', () => {
  it('refreshes before expiry, persisting the rotated refresh token', async () => {
    const { sessionId, link } = await connect('rotating');
    const first = (await credentials(sessionId)).auth as { token: string };
    const before = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.data.refresh_token;
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;

    env.clock.offsetMs = 59 * 60_000; // within the refresh-ahead window of the 1 h token
    try {
      const second = (await credentials(sessionId)).auth as { token: string };
      expect(second.token).not.toBe(first.token);
      expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
      expect(await provider.accepts(second.token)).toBe(true);
      const after = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.data.refresh_token;
      expect(after).not.toBe(before);
      // The next refresh uses the rotated token (the provider would refuse the consumed one).
      env.clock.offsetMs = 2 * 59 * 60_000;
      const third = (await credentials(sessionId)).auth as { token: string };
      expect(third.token).not.toBe(second.token);
      expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 2);
    } finally {
      env.clock.offsetMs = 0;
    }
    const events = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}/events`)).json.items;
    expect(events.filter((e: any) => e.type === 'refreshed').map((e: any) => e.detail)).toEqual(['refresh token rotated', 'refresh token rotated']);
  });

  it('20 concurrent lookups needing a refresh cause exactly one token request at the provider', async () => {
    const { sessionId } = await connect('concurrent');
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    env.clock.offsetMs = 3 * 60 * 60_000;
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => credentials(sessionId)));
      expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
      const tokens = new Set(all.map((c) => (c.auth as { token: string }).token));
      expect(tokens.size).toBe(1);
      expect(await provider.accepts([...tokens][0]!)).toBe(true);
    } finally {
      env.clock.offsetMs = 0;
    }
  });

  it('renews once after a provider 401, shared by concurrent callers', async () => {
    const { sessionId } = await connect('unauthorized');
    const rejected = await credentials(sessionId);
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    const renewed = await Promise.all(Array.from({ length: 5 }, () => env.services.credentials.renewAfterUnauthorized(env.projectA, rejected)));
    expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
    expect(new Set(renewed.map((c) => (c!.auth as { token: string }).token)).size).toBe(1);
    expect((renewed[0]!.auth as { token: string }).token).not.toBe((rejected.auth as { token: string }).token);
  });

  it('a revoked grant turns the account EXPIRED, shown with a reconnect hint in toolkits and search', async () => {
    const { sessionId, link } = await connect('revoked');
    await provider.revokeAll();
    env.clock.offsetMs = 4 * 60 * 60_000;
    try {
      await expect(credentials(sessionId)).rejects.toMatchObject({ code: 'NO_ACTIVE_CONNECTION' });
    } finally {
      env.clock.offsetMs = 0;
    }
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json;
    expect(account.status).toBe('EXPIRED');
    expect(account.status_reason).toContain('invalid_grant');

    const toolkits = (await env.call('GET', `${BASE}/${sessionId}/toolkits?toolkits=acme`)).json.items[0];
    expect(toolkits.connected_account).toMatchObject({ id: link.connected_account_id, status: 'EXPIRED' });
    expect(toolkits.connection.message).toMatch(/expired.*COMPOSIO_MANAGE_CONNECTIONS.*reinitiate_all/);
    const search = (await env.call('POST', `${BASE}/${sessionId}/search`, { queries: [{ use_case: 'get the signed-in acme user' }] })).json;
    const status = search.toolkit_connection_statuses.find((s: any) => s.toolkit === 'acme');
    expect(status).toMatchObject({ has_active_connection: false });
    expect(status.status_message).toMatch(/expired.*reconnect/i);
    expect(status.accounts).toEqual([
      expect.objectContaining({ id: link.connected_account_id, status: 'expired', is_default: false, account_type: 'PRIVATE' }),
    ]);
    const events = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}/events`)).json.items;
    expect(events.slice(-2)).toMatchObject([
      { type: 'refresh_failed', detail: expect.stringContaining('invalid_grant') },
      { type: 'expired', detail: expect.stringContaining('invalid_grant') },
    ]);

    // Reconnecting keeps the account id (sessions may pin it) and makes it ACTIVE again.
    const manage = await env.call('POST', `${BASE}/${sessionId}/execute`, {
      tool_slug: 'COMPOSIO_MANAGE_CONNECTIONS',
      arguments: { toolkits: ['acme'], reinitiate_all: true },
    });
    const result = manage.json.data.results.acme;
    expect(result).toMatchObject({ status: 'initiated', connected_account_id: link.connected_account_id, was_reinitiated: true, error_message: null });
    await completeOAuth(new Browser(), result.redirect_url, 'revoked');
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.status).toBe('ACTIVE');
  });

  it('the background sweep refreshes tokens about to expire', async () => {
    const { link } = await connect('swept');
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    env.clock.offsetMs = 59 * 60_000;
    try {
      const result = await env.services.refreshSweep.runOnce();
      expect(result.refreshed).toBeGreaterThanOrEqual(1);
    } finally {
      env.clock.offsetMs = 0;
    }
    expect(provider.tokenRequests['refresh_token']).toBeGreaterThan(refreshes);
    const events = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}/events`)).json.items;
    expect(events.map((e: any) => e.type)).toContain('refreshed');
  });
});
