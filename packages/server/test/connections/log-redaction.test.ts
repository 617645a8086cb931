import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealCredentials } from '../../src/connections/account-vault.js';
import { newId } from '../../src/ids.js';
import { connectClient } from '../mcp-harness.js';
import { Browser } from './browser.js';
import { type ConnectionsEnv, startEnv } from './fixture.js';

/**
 * A provider that repeats what it was sent — the Authorization header and the API key — in its
 * answers and in its error text, and even other secrets of the account (refresh token, client
 * secret). Whatever path a call takes (direct execute, multi-execute over REST or MCP), the
 * execution log, as stored and as returned, must never hold any of them.
 */
const BASE = '/api/v3.1/tool_router/session';
const ACCESS = 'acc-Hk29sLq0Zx7vNp4w';
const REFRESH = 'ref-Wm81bQa3Yt6uCe5r';
const CLIENT_SECRET = 'cs-Pj47dGf2Rn9kSx1h';
const API_KEY = 'key-Tv63mLo8Bz2qEa7y';
const SECRETS = [ACCESS, REFRESH, CLIENT_SECRET, API_KEY];

async function startLeakyProvider(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const auth = String(req.headers['authorization'] ?? '');
    const key = String(req.headers['x-api-key'] ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/fail') {
      res.writeHead(400);
      return void res.end(JSON.stringify({ message: `rejected credentials ${auth}${key} (also tried ${REFRESH})` }));
    }
    res.end(
      JSON.stringify({
        echoed: { authorization: auth, x_api_key: key },
        note: `you sent "${auth}" and key=${key}; the app is ${CLIENT_SECRET}`,
        nested: { deeper: [{ text: `query form: ${encodeURIComponent(`${key} & ${REFRESH}`)}` }, { quoted: JSON.stringify({ k: key }) }] },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const paths = {
  '/echo': { get: { operationId: 'echo', summary: 'Echo', responses: { '200': { description: 'ok' } } } },
  '/fail': { get: { operationId: 'fail', summary: 'Fail', responses: { '200': { description: 'ok' } } } },
};

function oauthSpec(url: string) {
  const flows = { authorizationCode: { authorizationUrl: `${url}/auth`, tokenUrl: `${url}/token`, scopes: { read: 'read' } } };
  return {
    openapi: '3.0.3',
    info: { title: 'Leaky OAuth', version: '1' },
    servers: [{ url }],
    components: { securitySchemes: { oauth: { type: 'oauth2', flows } } },
    security: [{ oauth: ['read'] }],
    paths,
  };
}

function keySpec(url: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Leaky Key', version: '1' },
    servers: [{ url }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
    security: [{ key: [] }],
    paths,
  };
}

describe.each(['sqlite', 'postgres'] as const)('secrets in execution logs on %s', (store) => {
  let env: ConnectionsEnv;
  let provider: Awaited<ReturnType<typeof startLeakyProvider>>;
  let sessionId: string;

  beforeAll(async () => {
    provider = await startLeakyProvider();
    env = await startEnv({ store });
    for (const [slug, spec] of [
      ['leakyoauth', oauthSpec(provider.url)],
      ['leakykey', keySpec(provider.url)],
    ] as const) {
      const imported = await env.call('POST', '/api/v3.1/toolkits/import', { slug, spec });
      expect(imported.status).toBe(201);
    }
    const config = await env.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'leakyoauth' },
      auth_config: { type: 'use_custom_auth', authScheme: 'OAUTH2', credentials: { client_id: 'leaky-client', client_secret: CLIENT_SECRET } },
    });
    expect(config.status).toBe(201);
    sessionId = (await env.call('POST', BASE, { user_id: 'leaker', toolkits: ['leakyoauth', 'leakykey'] })).json.session_id;

    // An OAuth account as a finished authorization leaves it: access and refresh token sealed.
    const id = newId('ca');
    const sealed = sealCredentials(env.services.sealer, { project_id: env.projectA, id }, { kind: 'oauth2', access_token: ACCESS, refresh_token: REFRESH });
    await env.services.store.accounts.create(
      {
        id,
        project_id: env.projectA,
        user_id: 'leaker',
        toolkit_slug: 'leakyoauth',
        auth_config_id: config.json.id,
        status: 'ACTIVE',
        status_reason: null,
        alias: null,
        is_disabled: false,
        sealed_credentials: sealed,
        public_state: {},
        expires_at: null,
        connected_at: new Date().toISOString(),
      },
      { type: 'created' },
    );
    // The API key goes through the hosted form, as a user would enter it.
    const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'leakykey' });
    expect(link.status).toBe(201);
    const browser = new Browser();
    const done = await browser.submit(await browser.go(link.json.redirect_url), { api_key: API_KEY });
    expect(done.status).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
    await provider?.close();
  });

  /** The log as the API returns it and as the store holds it: no secret, and the scrubbed content is there. */
  async function expectClean(logId: string) {
    const returned = await env.call('GET', `/api/v3.1/execution_logs/${logId}`);
    expect(returned.status).toBe(200);
    const stored = await env.services.store.executionLogs.get(env.projectA, logId);
    for (const text of [JSON.stringify(returned.json), JSON.stringify(stored)]) {
      for (const secret of SECRETS) expect(text, `log ${logId} holds ${secret}`).not.toContain(secret);
      expect(text).toContain('[redacted]');
    }
    return returned.json;
  }

  /** Every log of the session, children included. */
  async function expectAllClean() {
    const { items } = await env.services.store.executionLogs.list(env.projectA, { offset: 0, limit: 100 });
    expect(items.length).toBeGreaterThan(0);
    for (const entry of items)
      for (const secret of SECRETS) expect(JSON.stringify(entry), `log ${entry.id} (${entry.tool_slug}) holds ${secret}`).not.toContain(secret);
  }

  const execute = (tool_slug: string) => env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug, arguments: {} });
  const bothTools = { tools: ['LEAKYOAUTH_ECHO', 'LEAKYOAUTH_FAIL', 'LEAKYKEY_ECHO', 'LEAKYKEY_FAIL'].map((tool_slug) => ({ tool_slug, arguments: {} })) };

  it('direct executes: the provider saw the secrets, the log does not hold them', async () => {
    const echo = await execute('LEAKYOAUTH_ECHO');
    expect(echo.json.error).toBeNull();
    // The caller gets the provider's answer as is: proof that the provider did echo the token.
    expect(echo.json.data.echoed.authorization).toBe(`Bearer ${ACCESS}`);
    await expectClean(echo.json.log_id);
    const failed = await execute('LEAKYKEY_FAIL');
    expect(failed.json.error).toContain(API_KEY);
    const log = await expectClean(failed.json.log_id);
    expect(log.error).toContain('[redacted]');
  });

  it('multi-execute over REST: the parent log that aggregates the children holds no secret', async () => {
    const res = await env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: bothTools });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json.data)).toContain(ACCESS);
    const parent = await expectClean(res.json.log_id);
    expect(parent.tool_slug).toBe('COMPOSIO_MULTI_EXECUTE_TOOL');
    await expectAllClean();
  });

  it('multi-execute over the MCP endpoint: the same', async () => {
    const { client } = await connectClient(`${env.origin}/tool_router/${sessionId}/mcp`, { headers: { 'x-api-key': env.keyA } });
    try {
      const result = await client.callTool({ name: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: { ...bothTools, sync_response_to_workbench: false } });
      expect(JSON.stringify(result.structuredContent)).toContain(API_KEY);
      await expectClean(String(result._meta?.['toolrouter/log_id']));
      await expectAllClean();
    } finally {
      await client.close();
    }
  });
});
