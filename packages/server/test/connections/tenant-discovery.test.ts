import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, startEnv } from './fixture.js';

/**
 * Tenant discovery end to end, on loopback: the shipped Mailchimp toolkit learns the account's data
 * centre after the OAuth token exchange, from its metadata endpoint, instead of asking the user. One
 * local server plays Mailchimp's login host (consent page, token and metadata endpoints) and every
 * data centre's API host; the toolkit's URLs are moved to `*.mailchimp.test:<port>` (names only the
 * server's resolver sends to 127.0.0.1), everything else is as shipped.
 */
const BASE = '/api/v3.1/tool_router/session';
const CALLBACK_URL = 'https://app.example/after-connect';

interface Seen {
  host: string;
  path: string;
  authorization: string | undefined;
}
const seen: Seen[] = [];
/** What the metadata endpoint answers next. */
let metadata: { status: number; body: unknown } = { status: 200, body: {} };
let upstream: Server;
let port: number;
let env: ConnectionsEnv;

function answer(req: IncomingMessage, body: string, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ host: req.headers.host ?? '', path: url.pathname, authorization: req.headers.authorization });
  const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (url.pathname === '/oauth2/authorize') {
    // Already consented: straight back to the router with a code.
    const back = new URL(url.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', 'the-code');
    back.searchParams.set('state', url.searchParams.get('state')!);
    return void res.writeHead(302, { location: back.toString() }).end();
  }
  if (url.pathname === '/oauth2/token') return json(200, { access_token: `token-from-${new URLSearchParams(body).get('code')}`, expires_in: 0, scope: null });
  if (url.pathname === '/oauth2/metadata') return json(metadata.status, metadata.body);
  return json(200, { host: req.headers.host });
}

/** The shipped Mailchimp toolkit with its hosts moved to the local server (placeholders and discovery rules kept). */
function localMailchimp(bundle: ToolkitBundle): ToolkitBundle {
  const login = `http://login.mailchimp.test:${port}`;
  return {
    ...bundle,
    toolkit: {
      ...bundle.toolkit,
      base_url: `http://{dc}.api.mailchimp.test:${port}`,
      auth_schemes: bundle.toolkit.auth_schemes.map((s) =>
        s.mode === 'OAUTH2'
          ? {
              ...s,
              authorization_url: s.authorization_url!.replace('https://login.mailchimp.com', login),
              token_url: s.token_url.replace('https://login.mailchimp.com', login),
              tenant_discovery: { ...s.tenant_discovery!, url: s.tenant_discovery!.url.replace('https://login.mailchimp.com', login) },
            }
          : s,
      ),
    },
  };
}

let shipped: ToolkitBundle;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => answer(req, body, res));
  });
  port = await new Promise<number>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve((upstream.address() as AddressInfo).port)));
  const catalog = await builtinCatalog();
  shipped = catalog.find((b) => b.toolkit.slug === 'mailchimp')!;
  env = await startEnv({
    builtin: catalog.map((b) => (b === shipped ? localMailchimp(b) : b)),
    hostLookup: async (host) => {
      if (host.endsWith('.mailchimp.test')) return ['127.0.0.1'];
      throw new Error(`no such host in this test: ${host}`);
    },
  });
});
afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});
beforeEach(() => {
  metadata = { status: 200, body: { dc: 'us21', role: 'owner', accountname: 'Acme', login: { login_id: 1 }, api_endpoint: 'https://us21.api.mailchimp.com' } };
});

let configId: string | undefined;
async function oauthConfig(): Promise<string> {
  if (configId) return configId;
  const created = await env.call('POST', '/api/v3.1/auth_configs', {
    toolkit: { slug: 'mailchimp' },
    auth_config: { type: 'use_custom_auth', authScheme: 'OAUTH2', credentials: { client_id: 'mc-client', client_secret: 'mc-secret' } },
  });
  expect(created.status).toBe(201);
  configId = created.json.id as string;
  return configId;
}

/**
 * Connects `userId` with OAuth2 through a real browser round trip (link → consent → callback), the
 * data centre optionally given by the caller. Returns the account as the API shows it afterwards.
 */
async function signIn(userId: string, given?: Record<string, string>) {
  const config = await oauthConfig();
  const initiated = await env.call('POST', '/api/v3.1/connected_accounts', {
    auth_config: { id: config },
    connection: { user_id: userId, callback_url: CALLBACK_URL, ...(given ? { state: { authScheme: 'OAUTH2', val: given } } : {}) },
  });
  expect(initiated.status).toBe(201);
  const browser = new Browser();
  // No form asking for the data centre: the link goes straight to Mailchimp's consent page.
  const toProvider = await browser.go(initiated.json.redirect_url, {}, (url) => !url.includes('login.mailchimp.test'));
  const authorize = new URL(toProvider.url);
  expect(authorize.host).toBe(`login.mailchimp.test:${port}`);
  // Only the router resolves *.mailchimp.test; the test's browser reaches the same server by address.
  authorize.hostname = '127.0.0.1';
  const back = await browser.go(authorize.toString(), {}, (url) => !url.startsWith(CALLBACK_URL));
  const account = (await env.call('GET', `/api/v3.1/connected_accounts/${initiated.json.id}`)).json;
  return { account, page: back };
}

describe('Mailchimp with OAuth2: the data centre is learnt after the token exchange', () => {
  it('ships the discovery rule on its OAuth2 scheme', () => {
    const oauth = shipped.toolkit.auth_schemes.find((s) => s.mode === 'OAUTH2');
    expect(oauth).toMatchObject({
      tenant_discovery: { url: 'https://login.mailchimp.com/oauth2/metadata', token_header: 'Authorization', token_prefix: 'OAuth ', fields: { dc: 'dc' } },
    });
  });

  it('asks the user nothing, reads dc from the metadata with the new token, stores it and calls that data centre', async () => {
    const { account, page } = await signIn('alice');
    expect(page.url.startsWith(CALLBACK_URL)).toBe(true);
    expect(account).toMatchObject({ status: 'ACTIVE', state: { val: { dc: 'us21' } }, data: { dc: 'us21' } });
    const asked = seen.filter((s) => s.path === '/oauth2/metadata').at(-1)!;
    expect(asked).toMatchObject({ host: `login.mailchimp.test:${port}`, authorization: 'OAuth token-from-the-code' });

    const sessionId = (await env.call('POST', BASE, { user_id: 'alice', toolkits: ['mailchimp'], auth_configs: { mailchimp: await oauthConfig() } })).json
      .session_id;
    const result = await env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: 'MAILCHIMP_GET_LISTS_INFO', arguments: {} });
    expect(result.json.error).toBeNull();
    expect(seen.at(-1)).toMatchObject({ host: `us21.api.mailchimp.test:${port}`, path: '/3.0/lists', authorization: 'Bearer token-from-the-code' });
  });

  it('refuses a hostile dc in the metadata answer: the connection fails and nothing is stored', async () => {
    const before = seen.length;
    for (const hostile of ['evil.com', 'us21.evil.com', 'evil.com/x', 'a@b', 'acme', '-us1', 'us1:80']) {
      metadata = { status: 200, body: { dc: hostile } };
      const { account, page } = await signIn('mallory');
      expect(account.status, hostile).toBe('FAILED');
      expect(account.status_reason).toMatch(/^Mailchimp answered a dc that .*; refused$/);
      expect(account.state.val.dc, hostile).toBeUndefined();
      // The browser goes back to the app, told that connecting failed.
      expect(new URL(page.url).searchParams.get('status')).toBe('failed');
    }
    // Only the consent page, token and metadata endpoints were reached: no API host, hostile or not.
    expect(new Set(seen.slice(before).map((s) => s.path))).toEqual(new Set(['/oauth2/authorize', '/oauth2/token', '/oauth2/metadata']));
  });

  it('fails the connection with a clear reason when the metadata cannot be had or has no dc', async () => {
    metadata = { status: 500, body: { error: 'boom' } };
    const down = await signIn('bob');
    expect(down.account).toMatchObject({
      status: 'FAILED',
      status_reason: `Could not learn the dc of this Mailchimp account from login.mailchimp.test:${port}: it answered HTTP 500`,
    });
    metadata = { status: 200, body: { login: { dc: 'us3' } } };
    const missing = await signIn('bob');
    expect(missing.account).toMatchObject({
      status: 'FAILED',
      status_reason: 'Mailchimp did not tell the data centre of this account (no "dc" in its answer)',
    });
    metadata = { status: 200, body: ['us3'] };
    expect((await signIn('bob')).account.status_reason).toContain('its answer is not a JSON object');
  });

  it('takes a dc the caller gave when it agrees, and refuses one that does not', async () => {
    const agreed = await signIn('carol', { dc: 'US21' });
    expect(agreed.account).toMatchObject({ status: 'ACTIVE', state: { val: { dc: 'us21' } } });
    const disagreed = await signIn('dave', { dc: 'us5' });
    expect(disagreed.account).toMatchObject({
      status: 'FAILED',
      status_reason: 'The dc given when connecting ("us5") is not this account\'s (Mailchimp says "us21")',
    });
  });
});
