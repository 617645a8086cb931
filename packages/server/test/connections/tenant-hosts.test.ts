import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, startEnv } from './fixture.js';

/**
 * Tenant-host toolkits end to end, on loopback: the shipped Zendesk toolkit with its host moved from
 * `{subdomain}.zendesk.com` to `{subdomain}.zendesk.test:<port>` (names that the server's resolver,
 * and only it, sends to 127.0.0.1). One local server plays every tenant's Zendesk: API, OAuth
 * authorize page and token endpoint, and records the Host each request was made to.
 */
const BASE = '/api/v3.1/tool_router/session';
const CALLBACK_URL = 'https://app.example/after-connect';

interface Seen {
  host: string;
  path: string;
  authorization: string | undefined;
}
const seen: Seen[] = [];
let zendeskServer: Server;
let port: number;
let env: ConnectionsEnv;

function answer(req: IncomingMessage, body: string, res: import('node:http').ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ host: req.headers.host ?? '', path: url.pathname, authorization: req.headers.authorization });
  if (url.pathname === '/oauth/authorizations/new') {
    // The provider's consent page, already consented: back to the router with a code.
    const back = new URL(url.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', 'the-code');
    back.searchParams.set('state', url.searchParams.get('state')!);
    res.writeHead(302, { location: back.toString() }).end();
    return;
  }
  if (url.pathname === '/oauth/tokens') {
    const code = new URLSearchParams(body).get('code');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `token-from-${code}`, token_type: 'bearer' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user: { host: req.headers.host, name: 'Agent' } }));
}

/** The shipped Zendesk toolkit, its URLs moved to the local server (the placeholders kept). */
function localZendesk(bundle: ToolkitBundle): ToolkitBundle {
  const host = `http://{subdomain}.zendesk.test:${port}`;
  return {
    ...bundle,
    toolkit: {
      ...bundle.toolkit,
      base_url: host,
      auth_schemes: bundle.toolkit.auth_schemes.map((s) =>
        s.mode === 'OAUTH2' ? { ...s, authorization_url: `${host}/oauth/authorizations/new`, token_url: `${host}/oauth/tokens` } : s,
      ),
    },
  };
}

beforeAll(async () => {
  zendeskServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => answer(req, body, res));
  });
  port = await new Promise<number>((resolve) => zendeskServer.listen(0, '127.0.0.1', () => resolve((zendeskServer.address() as AddressInfo).port)));
  const catalog = await builtinCatalog();
  const builtin = catalog.map((b) => (b.toolkit.slug === 'zendesk' ? localZendesk(b) : b));
  env = await startEnv({
    builtin,
    hostLookup: async (host) => {
      if (host.endsWith('.zendesk.test')) return ['127.0.0.1'];
      throw new Error(`no such host in this test: ${host}`);
    },
  });
});
afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => zendeskServer?.close(resolve));
});

async function authConfig(body: Record<string, unknown>): Promise<string> {
  const created = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: 'zendesk' }, auth_config: { type: 'use_custom_auth', ...body } });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

async function sessionFor(userId: string, authConfigId: string): Promise<string> {
  return (await env.call('POST', BASE, { user_id: userId, toolkits: ['zendesk'], auth_configs: { zendesk: authConfigId } })).json.session_id as string;
}

const aboutMe = (sessionId: string) => env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: 'ZENDESK_GET_ABOUT_ME', arguments: {} });

describe('Zendesk with username and API token (BASIC)', () => {
  it('refuses a hostile subdomain with a 400 naming the field, before creating anything', async () => {
    const config = await authConfig({ authScheme: 'BASIC' });
    for (const hostile of ['evil.com/', 'evil.com', 'a@b', 'x:1', '-acme', 'acme%2eevil', '../x']) {
      const res = await env.call('POST', '/api/v3.1/connected_accounts', {
        auth_config: { id: config },
        connection: { user_id: 'mallory', state: { authScheme: 'BASIC', val: { subdomain: hostile } } },
      });
      expect(res.status, hostile).toBe(400);
      expect(res.json.error.message).toContain('connection.state.val.subdomain');
    }
    expect((await env.call('GET', '/api/v3.1/connected_accounts?user_ids=mallory')).json.items).toEqual([]);
  });

  it('takes the subdomain from connection.state.val, stores it with the account and calls that tenant', async () => {
    const config = await authConfig({ authScheme: 'BASIC' });
    const initiated = await env.call('POST', '/api/v3.1/connected_accounts', {
      auth_config: { id: config },
      connection: { user_id: 'alice', state: { authScheme: 'BASIC', val: { subdomain: 'acme' } } },
    });
    expect(initiated.status).toBe(201);
    const browser = new Browser();
    const form = await browser.go(initiated.json.redirect_url);
    // Given already: the page asks only for the credentials.
    expect(form.html).not.toContain('name="subdomain"');
    const done = await browser.submit(form, { username: 'agent@acme.test/token', password: 'zendesk-api-token-123' });
    expect(done.status).toBe(200);
    const account = (await env.call('GET', `/api/v3.1/connected_accounts/${initiated.json.id}`)).json;
    expect(account).toMatchObject({ status: 'ACTIVE', state: { val: { subdomain: 'acme' } } });

    const sessionId = await sessionFor('alice', config);
    const result = await aboutMe(sessionId);
    expect(result.json.error).toBeNull();
    expect(result.json.data).toMatchObject({ user: { host: `acme.zendesk.test:${port}` } });
    const call = seen.at(-1)!;
    expect(call).toMatchObject({ host: `acme.zendesk.test:${port}`, path: '/api/v2/users/me' });
    expect(call.authorization).toBe(`Basic ${Buffer.from('agent@acme.test/token:zendesk-api-token-123').toString('base64')}`);

    // proxy_execute reaches the same tenant host, and only it.
    const proxied = await env.call('POST', `${BASE}/${sessionId}/proxy_execute`, { toolkit_slug: 'zendesk', endpoint: '/api/v2/tickets', method: 'GET' });
    expect(proxied.json.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ host: `acme.zendesk.test:${port}`, path: '/api/v2/tickets' });
    const elsewhere = await env.call('POST', `${BASE}/${sessionId}/proxy_execute`, {
      toolkit_slug: 'zendesk',
      endpoint: `http://other.zendesk.test:${port}/api/v2/tickets`,
      method: 'GET',
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error.message).toContain(`acme.zendesk.test:${port}`);
  });

  it('asks for the subdomain on the Connect Link page when the caller gave none, and checks it there too', async () => {
    const sessionId = await sessionFor('bob', await authConfig({ authScheme: 'BASIC' }));
    const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'zendesk' });
    const browser = new Browser();
    const form = await browser.go(link.json.redirect_url);
    expect(form.html).toContain('name="subdomain"');
    const refused = await browser.submit(form, { subdomain: 'evil.example/x', username: 'bob@globex.test', password: 'pw-123456' });
    expect(refused.html).toContain('subdomain: must be one host label');
    expect((await env.call('GET', `/api/v3.1/connected_accounts/${link.json.connected_account_id}`)).json.status).toBe('INITIATED');
    await browser.submit(refused, { subdomain: 'globex', username: 'bob@globex.test', password: 'pw-123456' });
    const result = await aboutMe(sessionId);
    expect(result.json.error).toBeNull();
    expect(seen.at(-1)).toMatchObject({ host: `globex.zendesk.test:${port}`, path: '/api/v2/users/me' });
  });
});

describe('Zendesk with OAuth2', () => {
  it('builds the authorize and token URLs on the tenant host and runs tools there', async () => {
    const config = await authConfig({ authScheme: 'OAUTH2', credentials: { client_id: 'zendesk-client', client_secret: 'zendesk-secret' } });
    const sessionId = await sessionFor('carol', config);
    const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'zendesk', callback_url: CALLBACK_URL });
    const browser = new Browser();
    // The subdomain comes first: the consent page itself lives on the tenant's host.
    const form = await browser.go(link.json.redirect_url);
    expect(form.html).toContain('name="subdomain"');
    const bad = await browser.submit(form, { subdomain: 'initech.evil.com' });
    expect(bad.html).toContain('subdomain: must be one host label');
    const toProvider = await browser.submit(bad, { subdomain: 'initech' }, (url) => !url.includes('.zendesk.test'));
    const authorize = new URL(toProvider.url);
    expect(authorize.host).toBe(`initech.zendesk.test:${port}`);
    expect(authorize.pathname).toBe('/oauth/authorizations/new');
    // Only the router resolves *.zendesk.test; the test's browser goes to the same server by address.
    authorize.hostname = '127.0.0.1';
    const back = await browser.go(authorize.toString(), {}, (url) => !url.startsWith(CALLBACK_URL));
    expect(back.url.startsWith(CALLBACK_URL)).toBe(true);
    expect(seen.find((s) => s.path === '/oauth/tokens')?.host).toBe(`initech.zendesk.test:${port}`);

    const result = await aboutMe(sessionId);
    expect(result.json.error).toBeNull();
    expect(seen.at(-1)).toMatchObject({ host: `initech.zendesk.test:${port}`, authorization: 'Bearer token-from-the-code' });
  });

  it('describes the subdomain as a field of connecting, for every scheme', async () => {
    const detail = (await env.call('GET', '/api/v3.1/toolkits/zendesk')).json;
    for (const scheme of detail.auth_config_details) {
      expect(scheme.fields.connected_account_initiation.required.map((f: { name: string }) => f.name)).toContain('subdomain');
    }
  });
});
