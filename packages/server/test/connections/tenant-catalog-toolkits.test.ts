import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, startEnv } from './fixture.js';

/**
 * The compiled tenant-host toolkits Mailchimp (`https://{dc}.api.mailchimp.com`) and Freshdesk
 * (`https://{domain}.freshdesk.com`, hand-written) end to end, on loopback: each shipped toolkit with
 * only its host moved to `*.test:<port>` (names that the server's resolver, and only it, sends to
 * 127.0.0.1). One local server plays every tenant and records each request: host, method, path,
 * query, JSON body and Authorization header.
 */
const BASE = '/api/v3.1/tool_router/session';

interface Seen {
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}
const seen: Seen[] = [];
let upstream: Server;
let port: number;
let env: ConnectionsEnv;
let shipped: Map<string, ToolkitBundle>;

function record(req: IncomingMessage, body: string): Seen {
  const url = new URL(req.url ?? '/', 'http://x');
  const entry = {
    host: req.headers.host ?? '',
    method: req.method ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: body ? JSON.parse(body) : undefined,
    authorization: req.headers.authorization,
  };
  seen.push(entry);
  return entry;
}

/** A shipped toolkit with its base URL's scheme and domain moved to the local server, the placeholder kept. */
function moved(bundle: ToolkitBundle, from: string, to: string): ToolkitBundle {
  const base = bundle.toolkit.base_url!;
  expect(base).toContain(from);
  return { ...bundle, toolkit: { ...bundle.toolkit, base_url: base.replace('https://', 'http://').replace(from, `${to}:${port}`) } };
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const entry = record(req, body);
      // A provider that repeats the Basic user name it was sent: the execution log must still not hold it.
      const basic = entry.authorization?.startsWith('Basic ') ? Buffer.from(entry.authorization.slice(6), 'base64').toString().split(':')[0] : undefined;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, host: entry.host, ...(basic ? { you: basic } : {}) }));
    });
  });
  port = await new Promise<number>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve((upstream.address() as AddressInfo).port)));
  const catalog = await builtinCatalog();
  shipped = new Map(catalog.map((b) => [b.toolkit.slug, b]));
  const builtin = catalog.map((b) =>
    b.toolkit.slug === 'mailchimp'
      ? moved(b, '.api.mailchimp.com', '.api.mailchimp.test')
      : b.toolkit.slug === 'freshdesk'
        ? moved(b, '.freshdesk.com', '.freshdesk.test')
        : b,
  );
  env = await startEnv({
    builtin,
    hostLookup: async (host) => {
      if (host.endsWith('.mailchimp.test') || host.endsWith('.freshdesk.test')) return ['127.0.0.1'];
      throw new Error(`no such host in this test: ${host}`);
    },
  });
});
afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function authConfig(toolkit: string, authScheme: string): Promise<string> {
  const created = await env.call('POST', '/api/v3.1/auth_configs', { toolkit: { slug: toolkit }, auth_config: { type: 'use_custom_auth', authScheme } });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

/** Connects `userId` through the hosted form with `tenant` given up front, and returns a session of that user. */
async function connect(
  toolkit: string,
  userId: string,
  tenant: Record<string, string>,
  credentials: Record<string, string>,
  authScheme = 'BASIC',
): Promise<string> {
  const config = await authConfig(toolkit, authScheme);
  const initiated = await env.call('POST', '/api/v3.1/connected_accounts', {
    auth_config: { id: config },
    connection: { user_id: userId, state: { authScheme, val: tenant } },
  });
  expect(initiated.status).toBe(201);
  const browser = new Browser();
  const form = await browser.go(initiated.json.redirect_url);
  for (const name of Object.keys(tenant)) expect(form.html).not.toContain(`name="${name}"`);
  // The page asks for exactly the scheme's fields.
  for (const name of Object.keys(credentials)) expect(form.html).toContain(`name="${name}"`);
  const done = await browser.submit(form, credentials);
  expect(done.status).toBe(200);
  const account = (await env.call('GET', `/api/v3.1/connected_accounts/${initiated.json.id}`)).json;
  expect(account).toMatchObject({ status: 'ACTIVE', state: { val: tenant } });
  const session = await env.call('POST', BASE, { user_id: userId, toolkits: [toolkit], auth_configs: { [toolkit]: config } });
  return session.json.session_id as string;
}

async function execute(sessionId: string, tool: string, args: Record<string, unknown>): Promise<Seen> {
  const before = seen.length;
  const result = await env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: tool, arguments: args });
  expect(result.json.error, tool).toBeNull();
  expect(seen.length, tool).toBe(before + 1);
  return seen.at(-1)!;
}

async function refusesHostile(toolkit: string, field: string, values: string[]) {
  const config = await authConfig(toolkit, 'BASIC');
  for (const hostile of values) {
    const res = await env.call('POST', '/api/v3.1/connected_accounts', {
      auth_config: { id: config },
      connection: { user_id: 'mallory', state: { authScheme: 'BASIC', val: { [field]: hostile } } },
    });
    expect(res.status, hostile).toBe(400);
    expect(res.json.error.message).toContain(`connection.state.val.${field}`);
  }
  expect((await env.call('GET', `/api/v3.1/connected_accounts?user_ids=mallory&toolkit_slugs=${toolkit}`)).json.items).toEqual([]);
}

const HOSTILE = ['evil.com/', 'evil.com', 'a@b', 'x:1', '-acme', 'acme%2eevil', '../x'];

describe('Mailchimp: the account data centre is the host', () => {
  it('ships https://{dc}.api.mailchimp.com with a described dc field', () => {
    const { toolkit } = shipped.get('mailchimp')!;
    expect(toolkit.base_url).toBe('https://{dc}.api.mailchimp.com');
    expect(toolkit.tenant_fields?.map((f) => f.name)).toEqual(['dc']);
  });

  it('refuses a hostile dc with a 400 naming the field, before creating anything', async () => {
    // A dc must also look like one (two letters, digits): a plain label such as "acme" is refused too.
    await refusesHostile('mailchimp', 'dc', [...HOSTILE, 'acme', 'us21.evil']);
  });

  it('calls the data centre the connection gave', async () => {
    const sessionId = await connect('mailchimp', 'alice', { dc: 'us21' }, { username: 'anystring', password: 'mc-key-123-us21' });
    const call = await execute(sessionId, 'MAILCHIMP_GET_LISTS_INFO', {});
    expect(call).toMatchObject({ host: `us21.api.mailchimp.test:${port}`, method: 'GET', path: '/3.0/lists' });
    expect(call.authorization).toBe(`Basic ${Buffer.from('anystring:mc-key-123-us21').toString('base64')}`);
  });

  it('asks for the data centre with an API key, and only optionally with OAuth2 (Mailchimp tells it after sign-in)', async () => {
    const detail = (await env.call('GET', '/api/v3.1/toolkits/mailchimp')).json;
    expect(detail.auth_config_details.map((d: { mode: string }) => d.mode)).toEqual(['OAUTH2', 'BASIC']);
    const names = (group: Array<{ name: string }>) => group.map((f) => f.name);
    const [oauth, basic] = detail.auth_config_details;
    expect(names(basic.fields.connected_account_initiation.required)).toContain('dc');
    expect(names(oauth.fields.connected_account_initiation.required)).not.toContain('dc');
    expect(names(oauth.fields.connected_account_initiation.optional)).toContain('dc');
  });
});

describe('Freshdesk (hand-written): the help desk domain is the host', () => {
  let sessionId: string;
  const key = 'fd-api-key-0123456789';
  beforeAll(async () => {
    sessionId = await connect('freshdesk', 'bob', { domain: 'acme' }, { api_key: key, password: 'X' });
  });

  it('refuses a hostile domain with a 400 naming the field, before creating anything', async () => {
    await refusesHostile('freshdesk', 'domain', HOSTILE);
  });

  it('is an API_KEY toolkit, as the reference lists it, and keeps BASIC', () => {
    expect(shipped.get('freshdesk')!.toolkit.auth_schemes.map((s) => s.mode)).toEqual(['API_KEY', 'BASIC']);
  });

  it('with an API_KEY config asks only for the key, sends it as the Basic user name with password X, and never logs it', async () => {
    const apiKey = 'fd-only-key-9876543210';
    const keySession = await connect('freshdesk', 'dora', { domain: 'globex' }, { api_key: apiKey }, 'API_KEY');
    const before = seen.length;
    const result = await env.call('POST', `${BASE}/${keySession}/execute`, { tool_slug: 'FRESHDESK_GET_TICKET', arguments: { ticket_id: 7 } });
    expect(result.json.error).toBeNull();
    expect(seen.length).toBe(before + 1);
    const call = seen.at(-1)!;
    expect(call).toMatchObject({ host: `globex.freshdesk.test:${port}`, method: 'GET', path: '/api/v2/tickets/7' });
    expect(call.authorization).toBe(`Basic ${Buffer.from(`${apiKey}:X`).toString('base64')}`);
    // The provider repeated the key to the caller; the execution log, as returned and as stored, must not hold it.
    expect(result.json.data.you).toBe(apiKey);
    const log = await env.call('GET', `/api/v3.1/execution_logs/${result.json.log_id}`);
    expect(log.status).toBe(200);
    const stored = await env.services.store.executionLogs.get(env.projectA, result.json.log_id);
    for (const text of [JSON.stringify(log.json), JSON.stringify(stored)]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(Buffer.from(`${apiKey}:X`).toString('base64'));
      expect(text).toContain('[redacted]');
    }
    // Nor does the account show it: masked, as every secret field.
    const accounts = (await env.call('GET', '/api/v3.1/connected_accounts?user_ids=dora')).json.items;
    expect(JSON.stringify(accounts)).not.toContain(apiKey);
  });

  it('sends the API key as the Basic user name, to the connection domain', async () => {
    const call = await execute(sessionId, 'FRESHDESK_LIST_TICKETS', {});
    expect(call).toMatchObject({ host: `acme.freshdesk.test:${port}`, method: 'GET', path: '/api/v2/tickets', query: {} });
    expect(call.authorization).toBe(`Basic ${Buffer.from(`${key}:X`).toString('base64')}`);
  });

  // Each tool against the request Freshdesk's API v2 reference documents for it.
  const cases: Array<[string, Record<string, unknown>, Partial<Seen>]> = [
    [
      'FRESHDESK_LIST_TICKETS',
      { filter: 'new_and_my_open', order_by: 'updated_at', order_type: 'asc', include: 'requester', page: 2, per_page: 50 },
      {
        method: 'GET',
        path: '/api/v2/tickets',
        query: { filter: 'new_and_my_open', order_by: 'updated_at', order_type: 'asc', include: 'requester', page: '2', per_page: '50' },
      },
    ],
    [
      'FRESHDESK_GET_TICKET',
      { ticket_id: 42, include: 'conversations' },
      { method: 'GET', path: '/api/v2/tickets/42', query: { include: 'conversations' }, body: undefined },
    ],
    [
      'FRESHDESK_CREATE_TICKET',
      { subject: 'Payment failed', description: '<p>Card declined</p>', email: 'jane@example.com', priority: 3, status: 2, tags: ['billing'] },
      {
        method: 'POST',
        path: '/api/v2/tickets',
        query: {},
        body: { subject: 'Payment failed', description: '<p>Card declined</p>', email: 'jane@example.com', priority: 3, status: 2, tags: ['billing'] },
      },
    ],
    [
      'FRESHDESK_UPDATE_TICKET',
      { ticket_id: 42, status: 4, responder_id: 7, custom_fields: { cf_region: 'EU' } },
      { method: 'PUT', path: '/api/v2/tickets/42', query: {}, body: { status: 4, responder_id: 7, custom_fields: { cf_region: 'EU' } } },
    ],
    [
      'FRESHDESK_REPLY_TO_TICKET',
      { ticket_id: 42, body: '<p>Fixed tomorrow.</p>', cc_emails: ['boss@example.com'] },
      { method: 'POST', path: '/api/v2/tickets/42/reply', body: { body: '<p>Fixed tomorrow.</p>', cc_emails: ['boss@example.com'] } },
    ],
    [
      'FRESHDESK_ADD_NOTE_TO_TICKET',
      { ticket_id: 42, body: 'Engineering is on it.', private: true },
      { method: 'POST', path: '/api/v2/tickets/42/notes', body: { body: 'Engineering is on it.', private: true } },
    ],
    [
      'FRESHDESK_SEARCH_TICKETS',
      { query: '"priority:4 AND status:2"', page: 1 },
      { method: 'GET', path: '/api/v2/search/tickets', query: { query: '"priority:4 AND status:2"', page: '1' }, body: undefined },
    ],
    [
      'FRESHDESK_LIST_CONTACTS',
      { email: 'jane@example.com', state: 'verified' },
      { method: 'GET', path: '/api/v2/contacts', query: { email: 'jane@example.com', state: 'verified' } },
    ],
    ['FRESHDESK_GET_CONTACT', { contact_id: 9 }, { method: 'GET', path: '/api/v2/contacts/9', query: {} }],
    [
      'FRESHDESK_CREATE_CONTACT',
      { name: 'Jane Doe', email: 'jane@example.com', company_id: 3 },
      { method: 'POST', path: '/api/v2/contacts', body: { name: 'Jane Doe', email: 'jane@example.com', company_id: 3 } },
    ],
    ['FRESHDESK_LIST_COMPANIES', { per_page: 100 }, { method: 'GET', path: '/api/v2/companies', query: { per_page: '100' } }],
    ['FRESHDESK_LIST_AGENTS', { state: 'fulltime' }, { method: 'GET', path: '/api/v2/agents', query: { state: 'fulltime' } }],
  ];

  it.each(cases)('%s makes the documented request', async (tool, args, expected) => {
    const call = await execute(sessionId, tool, args);
    expect(call.host).toBe(`acme.freshdesk.test:${port}`);
    expect(call).toMatchObject(expected);
    if ('body' in expected) expect(call.body).toEqual(expected.body);
  });

  it('covers every tool of the toolkit', () => {
    expect(cases.map(([slug]) => slug).sort()).toEqual(
      shipped
        .get('freshdesk')!
        .tools.map((t) => t.slug)
        .sort(),
    );
  });
});
