import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { CALLBACK_URL, type ConnectionsEnv, connectApiKey, notCallback, startEnv } from './fixture.js';

const BASE = '/api/v3.1/tool_router/session';

describe.each(['sqlite', 'postgres'] as const)('connected accounts on %s', (store) => {
  let env: ConnectionsEnv;
  beforeAll(async () => {
    env = await startEnv({ store });
  });
  afterAll(async () => env?.close());

  const session = async (userId: string, extra: Record<string, unknown> = {}, key?: string) => {
    const res = await env.call('POST', BASE, { user_id: userId, toolkits: ['openweather', 'gmail', 'hackernews'], ...extra }, key);
    expect(res.status).toBe(201);
    return res.json.session_id as string;
  };
  const credentials = async (sessionId: string, account?: string, projectId = env.projectA) => {
    const { row, view } = await env.services.sessions.load(projectId, sessionId);
    return env.services.credentials.credentialsFor({ projectId, session: row, toolkit: view.toolkit('openweather')!.toolkit, ...(account ? { account } : {}) });
  };

  describe('API-key hosted form', () => {
    it('shows a CSRF-protected form, refuses a wrong token, validates input, then connects', async () => {
      const id = await session('form-user');
      const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
      const browser = new Browser();
      const form = await browser.go(link.redirect_url);
      expect(form.status).toBe(200);
      expect(form.html).toContain('Connect OpenWeather');
      expect(form.html).toMatch(/<input type="hidden" name="csrf_token" value="[A-Za-z0-9_-]{43}">/);
      expect(form.html).toMatch(/name="api_key" type="password"/);

      const forged = await browser.submit(form, { csrf_token: 'x'.repeat(43), api_key: 'k-should-not-be-stored-1234' });
      expect(forged.status).toBe(403);
      // A valid token from a different browser (no cookie) is refused too.
      const elsewhere = await new Browser().submit(form, { api_key: 'k-should-not-be-stored-1234' });
      expect(elsewhere.status).toBe(403);
      expect((await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json.status).toBe('INITIATED');

      const empty = await browser.submit(form, { api_key: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.html).toContain('API key is required');

      const done = await browser.submit(form, { api_key: 'owm-secret-key-0123456789' });
      expect(done.status).toBe(200);
      expect(done.html).toContain('OpenWeather connected');
      const account = (await env.call('GET', `/api/v3.1/connected_accounts/${link.connected_account_id}`)).json;
      expect(account).toMatchObject({ status: 'ACTIVE', auth_config: { auth_scheme: 'API_KEY' }, data: { api_key: '••••••••6789' } });
      expect(JSON.stringify(account)).not.toContain('owm-secret-key-0123456789');
      expect((await credentials(id)).auth).toEqual({ mode: 'API_KEY', in: 'query', name: 'appid', value: 'owm-secret-key-0123456789' });

      const reuse = await browser.go(link.redirect_url);
      expect(reuse.status).toBe(410);
    });

    it("sends the browser on to the app's callback_url after the form, which the page's CSP allows", async () => {
      const id = await session('form-callback');
      const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather', callback_url: CALLBACK_URL })).json;
      const browser = new Browser();
      const form = await browser.go(link.redirect_url);
      // Browsers check form-action on the redirect after the POST too: the callback origin must be listed.
      expect(form.csp).toContain(`form-action 'self' ${new URL(CALLBACK_URL).origin};`);
      const done = await browser.submit(form, { api_key: 'callback-key-0123456789' }, notCallback);
      const back = new URL(done.url);
      expect(`${back.origin}${back.pathname}`).toBe(CALLBACK_URL);
      expect(back.searchParams.get('status')).toBe('success');
      expect(back.searchParams.get('connected_account_id')).toBe(link.connected_account_id);
      // Without a callback the page allows posting to itself only.
      const plain = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
      expect((await new Browser().go(plain.redirect_url)).csp).toContain("form-action 'self';");
    });

    it('asks for username and password for basic auth, and a token for bearer auth', async () => {
      const spec = (scheme: string) => ({
        openapi: '3.0.3',
        info: { title: `Intranet ${scheme}`, version: '1' },
        servers: [{ url: 'https://intranet.example.com' }],
        components: { securitySchemes: { main: { type: 'http', scheme } } },
        security: [{ main: [] }],
        paths: { '/status': { get: { summary: 'Get status', responses: { '200': { description: 'ok' } } } } },
      });
      for (const [slug, scheme] of [
        ['intranet-basic', 'basic'],
        ['intranet-bearer', 'bearer'],
      ] as const) {
        expect((await env.call('POST', '/api/v3.1/toolkits/import', { slug, spec: spec(scheme) })).status).toBeLessThan(300);
      }
      const id = (await env.call('POST', BASE, { user_id: 'intranet', toolkits: ['intranet-basic', 'intranet-bearer'] })).json.session_id;
      const browser = new Browser();
      const basicLink = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'intranet-basic' })).json;
      const basicForm = await browser.go(basicLink.redirect_url);
      expect(basicForm.html).toMatch(/name="username" type="text"/);
      expect(basicForm.html).toMatch(/name="password" type="password"/);
      expect((await browser.submit(basicForm, { username: 'alice', password: 'pa55-word-long-enough' })).status).toBe(200);
      const bearerLink = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'intranet-bearer' })).json;
      const bearerForm = await browser.go(bearerLink.redirect_url);
      expect((await browser.submit(bearerForm, { token: 'bearer-token-0123456789' })).status).toBe(200);

      const { row, view } = await env.services.sessions.load(env.projectA, id);
      const auth = async (toolkit: string) =>
        (await env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit(toolkit)!.toolkit })).auth;
      expect(await auth('intranet-basic')).toEqual({ mode: 'BASIC', username: 'alice', password: 'pa55-word-long-enough' });
      expect(await auth('intranet-bearer')).toEqual({ mode: 'BEARER_TOKEN', token: 'bearer-token-0123456789' });
      const shown = (await env.call('GET', `/api/v3.1/connected_accounts/${basicLink.connected_account_id}`)).json;
      expect(shown.data).toEqual({ username: 'alice', password: '••••••••ough' });
    });

    it('validates link requests, naming the field', async () => {
      const id = await session('link-validation');
      const bad = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather', callback_url: 'javascript:alert(1)', extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.json.error.errors).toEqual(
        expect.arrayContaining(['callback_url: must be an http(s) URL', 'extra: unknown field; remove it or check its spelling']),
      );
      const unknown = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'opneweather' });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.message).toContain('did you mean "openweather"');
      const noAuth = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'hackernews' });
      expect(noAuth.status).toBe(400);
      expect(noAuth.json.error.message).toContain('needs no connection');
      expect((await env.call('POST', `${BASE}/trs_missing/link`, { toolkit: 'openweather' })).status).toBe(404);
    });

    it('answers form posts that are not url-encoded with 415', async () => {
      const id = await session('form-type');
      const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
      const res = await fetch(link.redirect_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(415);
    });
  });

  describe('isolation', () => {
    it("user B's session cannot see, select or use user A's accounts", async () => {
      const idA = await session('iso-alice');
      const accountA = await connectApiKey(env, idA, 'alice-key-000000000000');
      const idB = await session('iso-bob');
      await expect(credentials(idB)).rejects.toMatchObject({ code: 'NO_ACTIVE_CONNECTION' });
      await expect(credentials(idB, accountA)).rejects.toMatchObject({ code: 'NO_ACTIVE_CONNECTION' });
      const toolkits = (await env.call('GET', `${BASE}/${idB}/toolkits?toolkits=openweather`)).json.items[0];
      expect(toolkits.connected_account).toBeNull();
      const manage = (
        await env.call('POST', `${BASE}/${idB}/execute`, {
          tool_slug: 'COMPOSIO_MANAGE_CONNECTIONS',
          arguments: { toolkits: [{ name: 'openweather', action: 'list' }] },
        })
      ).json;
      expect(JSON.stringify(manage)).not.toContain(accountA);

      // Pinning A's account in B's session does not hand it over.
      const pinned = await session('iso-bob', { connected_accounts: { openweather: accountA } });
      await expect(credentials(pinned)).rejects.toThrow(/none of them is an account of this user/);
    });

    it("project B's key cannot read, list, change or use project A's accounts and configs", async () => {
      const idA = await session('iso-project');
      const accountA = await connectApiKey(env, idA, 'project-a-key-00000000');
      const configA = (await env.call('GET', `/api/v3.1/connected_accounts/${accountA}`)).json.auth_config.id;
      for (const [method, path] of [
        ['GET', `/api/v3.1/connected_accounts/${accountA}`],
        ['DELETE', `/api/v3.1/connected_accounts/${accountA}`],
        ['POST', `/api/v3.1/connected_accounts/${accountA}/refresh`],
        ['GET', `/api/v3.1/auth_configs/${configA}`],
        ['DELETE', `/api/v3.1/auth_configs/${configA}`],
      ] as const) {
        const res = await env.call(method, path, undefined, env.keyB);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const listed = (await env.call('GET', '/api/v3.1/connected_accounts?user_ids=iso-project', undefined, env.keyB)).json;
      expect(listed.items).toEqual([]);
      const idB = await session('iso-project', { auth_configs: { openweather: configA } }, env.keyB);
      const link = await env.call('POST', `${BASE}/${idB}/link`, { toolkit: 'openweather' }, env.keyB);
      expect(link.status).toBe(404);
      expect(link.json.error.slug).toBe('AuthConfig_NotFound');
      await expect(credentials(idB, undefined, env.projectB)).rejects.toMatchObject({ code: 'NO_ACTIVE_CONNECTION' });
      expect((await env.call('GET', `/api/v3.1/connected_accounts/${accountA}`)).json.status).toBe('ACTIVE');
    });
  });
});

describe('which account is used', () => {
  let env: ConnectionsEnv;
  beforeAll(async () => {
    env = await startEnv({ managedAuth: { gmail: { client_id: 'operator-gmail-client', client_secret: 'operator-gmail-secret-value' } } });
  });
  afterAll(async () => env?.close());

  const session = async (userId: string, extra: Record<string, unknown> = {}) => {
    const res = await env.call('POST', BASE, { user_id: userId, toolkits: ['openweather', 'gmail', 'slack', 'hackernews'], ...extra });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.session_id as string;
  };
  const pick = async (sessionId: string, account?: string, toolkit = 'openweather') => {
    const { row, view } = await env.services.sessions.load(env.projectA, sessionId);
    return env.services.credentials.credentialsFor({
      projectId: env.projectA,
      session: row,
      toolkit: view.toolkit(toolkit)!.toolkit,
      ...(account ? { account } : {}),
    });
  };

  it('(4) creates a default config for a toolkit that has none, and (3) reuses it afterwards', async () => {
    const id = await session('p-default');
    await connectApiKey(env, id, 'first-key-000000000000');
    const configs = (await env.call('GET', '/api/v3.1/auth_configs?toolkit_slug=openweather')).json.items;
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({ created_by: 'router', is_default: true, auth_scheme: 'API_KEY', no_of_connections: 1 });
    await connectApiKey(env, await session('p-default-2'), 'second-key-00000000000');
    expect((await env.call('GET', '/api/v3.1/auth_configs?toolkit_slug=openweather')).json.items).toHaveLength(1);
  });

  it('(2) connects on, and uses only accounts of, the auth config the session names', async () => {
    const custom = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'openweather' },
      auth_config: { type: 'use_custom_auth', authScheme: 'API_KEY', name: 'team key' },
    });
    expect(custom.status).toBe(201);
    expect(custom.json).toMatchObject({
      toolkit: { slug: 'openweather' },
      auth_config: { id: custom.json.id, auth_scheme: 'API_KEY', is_composio_managed: false },
      is_default: false,
    });
    const plain = await session('p-config');
    const other = await connectApiKey(env, plain, 'default-config-key-0000');
    const scoped = await session('p-config', { auth_configs: { openweather: custom.json.id } });
    await expect(pick(scoped)).rejects.toMatchObject({ code: 'NO_ACTIVE_CONNECTION' });
    const onConfig = await connectApiKey(env, scoped, 'custom-config-key-0000');
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${onConfig}`)).json.auth_config.id).toBe(custom.json.id);
    expect((await pick(scoped)).connectedAccountId).toBe(onConfig);
    expect((await pick(plain)).connectedAccountId).toBe(onConfig); // most recent of all the user's accounts
    expect(other).not.toBe(onConfig);
  });

  it('(1) uses the account the session pins, even when another is newer', async () => {
    const id = await session('p-pin');
    const older = await connectApiKey(env, id, 'older-key-000000000000');
    const newer = await connectApiKey(
      env,
      await session('p-pin', { multi_account: { enable: true, require_explicit_selection: false } }),
      'newer-key-000000000000',
    );
    expect((await pick(id)).connectedAccountId).toBe(newer);
    const pinned = await session('p-pin', { connected_accounts: { openweather: [older] } });
    expect((await pick(pinned)).connectedAccountId).toBe(older);
    expect((await pick(pinned)).auth).toMatchObject({ value: 'older-key-000000000000' });
  });

  it('(5) names the toolkit and the way to connect when nothing can be used', async () => {
    const id = await session('p-none');
    const err = await pick(id).catch((e) => e);
    expect(err).toMatchObject({ code: 'NO_ACTIVE_CONNECTION', message: expect.stringContaining('openweather') });
    expect(err.suggestedFix).toContain('COMPOSIO_MANAGE_CONNECTIONS');
    // Slack is OAuth2 and neither the project nor the operator has an app for it.
    const link = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'slack' });
    expect(link.status).toBe(400);
    expect(link.json.error.message).toContain('slack');
    expect(link.json.error.suggested_fix).toMatch(/auth_configs.*TOOLROUTER_MANAGED_AUTH/);
    // A toolkit without auth needs no account at all.
    expect((await pick(id, undefined, 'hackernews')).auth).toEqual({ mode: 'NO_AUTH' });
  });

  it('uses the operator managed app for use_composio_managed_auth, and refuses when there is none', async () => {
    const gmail = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: 'gmail' }, auth_config: { type: 'use_composio_managed_auth' } });
    expect(gmail.status).toBe(201);
    expect(gmail.json).toMatchObject({ auth_scheme: 'OAUTH2', is_composio_managed: true, type: 'default' });
    expect(JSON.stringify(gmail.json)).not.toContain('operator-gmail-secret-value');
    const listed = (await env.call('GET', `${BASE}/${await session('p-managed-list')}/toolkits?toolkits=gmail,slack`)).json.items;
    expect(listed.map((t: any) => [t.slug, t.composio_managed_auth_schemes])).toEqual([
      ['gmail', ['OAUTH2']],
      ['slack', []],
    ]);
    const slack = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: 'slack' }, auth_config: { type: 'use_composio_managed_auth' } });
    expect(slack.status).toBe(400);
    expect(slack.json.error.slug).toBe('AuthConfig_ManagedAuthUnavailable');
    // A session link for gmail now goes to Google with the operator's client id.
    const id = await session('p-managed');
    const link = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'gmail' })).json;
    const page = await new Browser().go(link.redirect_url, {}, () => false);
    const authorize = new URL(page.url);
    expect(authorize.origin).toBe('https://accounts.google.com');
    expect(authorize.searchParams.get('client_id')).toBe('operator-gmail-client');
  });

  it('the sweep fails an account whose only link expired unused, but not one with a newer open link', async () => {
    const id = await session('p-abandon');
    const first = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
    env.clock.offsetMs = 16 * 60_000;
    try {
      expect((await env.services.refreshSweep.runOnce()).abandoned).toBeGreaterThanOrEqual(1);
    } finally {
      env.clock.offsetMs = 0;
    }
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${first.connected_account_id}`)).json).toMatchObject({
      status: 'FAILED',
      status_reason: expect.stringContaining('expired'),
    });
    // Later, connecting again reuses the failed account: its old link is expired, the new one is open.
    env.clock.offsetMs = 16 * 60_000;
    try {
      const second = (await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather' })).json;
      expect(second.connected_account_id).toBe(first.connected_account_id);
      await env.services.refreshSweep.runOnce();
      expect((await env.call('GET', `/api/v3.1/connected_accounts/${first.connected_account_id}`)).json.status).toBe('INITIATED');
      const stale = await new Browser().go(first.redirect_url);
      expect(stale.status).toBe(410);
      expect((await env.call('GET', `/api/v3.1/connected_accounts/${first.connected_account_id}`)).json.status).toBe('INITIATED');
      expect((await new Browser().go(second.redirect_url)).status).toBe(200);
    } finally {
      env.clock.offsetMs = 0;
    }
  });

  it('with several accounts: explicit selection by id or alias, ambiguity refused with the choices, limits', async () => {
    const multi = { multi_account: { enable: true, max_accounts_per_toolkit: 2 } };
    const id = await session('p-multi', multi);
    const work = await connectApiKey(env, id, 'work-key-0000000000000', { alias: 'work' });
    const personal = await connectApiKey(env, id, 'personal-key-000000000', { alias: 'personal' });
    const ambiguous = await pick(id).catch((e) => e);
    expect(ambiguous).toMatchObject({ code: 'ACCOUNT_SELECTION_REQUIRED' });
    expect(ambiguous.errors.join(' ')).toContain(work);
    expect(ambiguous.errors.join(' ')).toContain(personal);
    expect((await pick(id, 'work')).connectedAccountId).toBe(work);
    expect((await pick(id, personal)).connectedAccountId).toBe(personal);
    const third = await env.call('POST', `${BASE}/${id}/link`, { toolkit: 'openweather', alias: 'third' });
    expect(third.status).toBe(400);
    expect(third.json.error.slug).toBe('Connection_LimitReached');
    const dupAlias = await env.call('POST', `${BASE}/${await session('p-multi')}/link`, { toolkit: 'openweather', alias: 'work' });
    expect(dupAlias.status).toBe(400);
    // Without multi-account the most recently connected account is the default.
    expect((await pick(await session('p-multi'))).connectedAccountId).toBe(personal);
  });
});

describe('auth config API', () => {
  let env: ConnectionsEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.close());

  it('creates, reads, updates and deletes, never returning the client secret', async () => {
    const created = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'gmail' },
      auth_config: {
        type: 'use_custom_auth',
        authScheme: 'OAUTH2',
        credentials: { client_id: 'my-client', client_secret: 'my-very-secret-client-secret', scopes: 'a b' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.id).toMatch(/^ac_/);
    expect(created.json.credentials).toEqual({ client_id: 'my-client', client_secret: '••••••••', scopes: ['a', 'b'] });
    const got = await env.call('GET', `/api/v3.1/auth_configs/${created.json.id}`);
    expect(JSON.stringify(got.json)).not.toContain('my-very-secret-client-secret');
    const patched = await env.call('PATCH', `/api/v3.1/auth_configs/${created.json.id}`, { name: 'Renamed', scopes: ['c'] });
    expect(patched.json).toMatchObject({ name: 'Renamed', credentials: { scopes: ['c'], client_id: 'my-client' } });
    expect((await env.call('PATCH', `/api/v3.1/auth_configs/${created.json.id}/DISABLED`)).status).toBe(200);
    expect((await env.call('GET', '/api/v3.1/auth_configs?toolkit_slug=gmail')).json.items).toEqual([]);
    expect((await env.call('GET', '/api/v3.1/auth_configs?toolkit_slug=gmail&show_disabled=true')).json.items).toHaveLength(1);
    expect((await env.call('DELETE', `/api/v3.1/auth_configs/${created.json.id}`)).status).toBe(200);
    expect((await env.call('GET', `/api/v3.1/auth_configs/${created.json.id}`)).status).toBe(404);
  });

  it('names the field and the fix for bad input', async () => {
    const unknown = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: 'gmial' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('did you mean "gmail"');
    const wrongScheme = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'gmail' },
      auth_config: { type: 'use_custom_auth', authScheme: 'API_KEY' },
    });
    expect(wrongScheme.status).toBe(400);
    expect(wrongScheme.json.error.message).toContain('supports OAUTH2');
    const noClient = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'gmail' },
      auth_config: { type: 'use_custom_auth', authScheme: 'OAUTH2' },
    });
    expect(noClient.status).toBe(400);
    expect(noClient.json.error.errors[0]).toMatch(/^auth_config\.credentials\.client_id: required/);
    const extra = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'gmail' },
      auth_config: { type: 'use_custom_auth', authScheme: 'OAUTH2', credentials: { client_id: 'x', clientSecret: 'y' } },
    });
    expect(extra.status).toBe(400);
    expect(extra.json.error.errors).toContain('auth_config.credentials.clientSecret: unknown field; remove it or check its spelling');
    const noAuthForKeyToolkit = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'openweather' },
      auth_config: { type: 'use_custom_auth', authScheme: 'NO_AUTH' },
    });
    expect(noAuthForKeyToolkit.status).toBe(400);
    expect(noAuthForKeyToolkit.json.error.errors[0]).toMatch(/^auth_config\.authScheme: .*supports API_KEY/);
  });

  it('takes a NO_AUTH config for a toolkit that needs no authentication; it never hands out a link', async () => {
    const created = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'hackernews' },
      auth_config: { type: 'use_custom_auth', authScheme: 'NO_AUTH' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ auth_scheme: 'NO_AUTH', is_composio_managed: false, toolkit: { slug: 'hackernews' }, credentials: {} });
    const managed = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: 'hackernews' } });
    expect(managed.status).toBe(201);
    expect(managed.json.auth_scheme).toBe('NO_AUTH');
    const withClient = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'hackernews' },
      auth_config: { type: 'use_custom_auth', authScheme: 'NO_AUTH', credentials: { client_id: 'x' } },
    });
    expect(withClient.status).toBe(400);
    const link = await env.call('POST', '/api/v3.1/connected_accounts/link', { auth_config_id: created.json.id, user_id: 'nobody' });
    expect(link.status).toBe(400);
    expect(link.json.error.message).toContain('needs no connection');
    expect((await env.call('GET', '/api/v3.1/connected_accounts?user_ids=nobody')).json.items).toEqual([]);
    // A session may name it; the toolkit's tools still run without an account.
    const id = (await env.call('POST', BASE, { user_id: 'nobody', toolkits: ['hackernews'], auth_configs: { hackernews: created.json.id } })).json.session_id;
    const { row, view } = await env.services.sessions.load(env.projectA, id);
    expect(await env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit('hackernews')!.toolkit })).toEqual({
      connectedAccountId: null,
      auth: { mode: 'NO_AUTH' },
    });
  });
});
