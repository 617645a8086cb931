import { randomBytes } from 'node:crypto';
import type { ToolkitBundle } from '@toolrouter/core';
import pino from 'pino';
import { checkVaultKey } from '../../src/connections/vault/key-check.js';
import { createApp } from '../../src/http/app.js';
import type { HostLookup } from '../../src/net/index.js';
import { type Services, wireServices } from '../../src/runtime.js';
import { builtinCatalog, callServer, listen, openTestStore, type StoreKind } from '../harness.js';
import { startProvider, type TestProvider } from './oauth-provider.js';

/** One master key per test process, so several instances of one test can open each other's secrets. */
export const TEST_MASTER_KEY = randomBytes(32);

export interface ConnectionsEnv {
  origin: string;
  services: Services;
  keyA: string;
  keyB: string;
  projectA: string;
  projectB: string;
  /** Shifts the server's clock (token expiry, link expiry); real time keeps running. */
  clock: { offsetMs: number };
  location: string;
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/**
 * The real app on a real loopback port (browsers and the OAuth provider reach it over HTTP), on a
 * fresh SQLite file or PostgreSQL schema. Pass `shared` to start a second instance on the same
 * database (it then reuses the first instance's projects and keys).
 */
export async function startEnv(
  opts: {
    store?: StoreKind;
    shared?: ConnectionsEnv;
    maxWaitMs?: number;
    managedAuth?: Record<string, { client_id: string; client_secret?: string }>;
    /** The public origin, when instances sit behind one address. */
    publicUrl?: string;
    /** Replaces the built-in catalog (e.g. toolkits pointed at a local server). */
    builtin?: ToolkitBundle[];
    /** Replaces DNS for outbound calls (tenant hosts such as acme.zendesk.test → loopback). */
    hostLookup?: HostLookup;
  } = {},
): Promise<ConnectionsEnv> {
  const kind = opts.store ?? 'sqlite';
  const opened = await openTestStore(kind, opts.shared ? { location: opts.shared.location } : undefined);
  const clock = opts.shared?.clock ?? { offsetMs: 0 };
  const now = () => new Date(Date.now() + clock.offsetMs);
  const services = wireServices(opened.store, opts.builtin ?? (await builtinCatalog()), {
    egressAllow: ['127.0.0.1', 'localhost'],
    searchLearning: false,
    now,
    masterKey: TEST_MASTER_KEY,
    ...(opts.managedAuth ? { managedAuth: opts.managedAuth } : {}),
    ...(opts.maxWaitMs ? { maxWaitMs: opts.maxWaitMs } : {}),
    publicUrl: opts.publicUrl,
    ...(opts.hostLookup ? { hostLookup: opts.hostLookup } : {}),
  });
  // As at start-up: the database remembers which key sealed its secrets.
  await checkVaultKey(opened.store, services.sealer);
  const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: opts.publicUrl, maxBodyBytes: 1024 * 1024, now });
  const server = await listen(app);
  const origin = server.url;
  let keys: Pick<ConnectionsEnv, 'keyA' | 'keyB' | 'projectA' | 'projectB'>;
  if (opts.shared) {
    keys = { keyA: opts.shared.keyA, keyB: opts.shared.keyB, projectA: opts.shared.projectA, projectB: opts.shared.projectB };
  } else {
    const a = await services.projects.createProject('project-a');
    const b = await services.projects.createProject('project-b');
    keys = { keyA: a.key.key, keyB: b.key.key, projectA: a.project.id, projectB: b.project.id };
  }
  return {
    origin,
    services,
    clock,
    location: opened.location,
    ...keys,
    call: (method, path, body, key = keys.keyA) => callServer(origin, method, path, body, key),
    async close() {
      await server.close();
      await opened.store.close();
      if (!opts.shared) await opened.dispose();
    },
  };
}

/** An OpenAPI description whose OAuth2 flow and API live on the test provider. */
export function acmeSpec(provider: TestProvider) {
  return {
    openapi: '3.0.3',
    info: { title: 'Acme', version: '1' },
    servers: [{ url: provider.issuer }],
    components: {
      securitySchemes: {
        acmeOAuth: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: `${provider.issuer}/auth`,
              tokenUrl: `${provider.issuer}/token`,
              scopes: { openid: 'sign in', 'api:read': 'read the API' },
            },
            clientCredentials: { tokenUrl: `${provider.issuer}/token`, scopes: { 'api:read': 'read the API' } },
          },
        },
      },
    },
    security: [{ acmeOAuth: ['openid'] }],
    paths: { '/me': { get: { operationId: 'getMe', summary: 'Get the signed-in user', responses: { '200': { description: 'the user' } } } } },
  };
}

/** Imports the acme toolkit into project A (and B with `both`) and creates a custom OAuth2 config. */
export async function setUpAcme(env: ConnectionsEnv, provider: TestProvider, key = env.keyA): Promise<string> {
  const imported = await env.call('POST', '/api/v3.1/toolkits/import', { slug: 'acme', spec: acmeSpec(provider) }, key);
  if (imported.status !== 200 && imported.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported.json)}`);
  const config = await env.call(
    'POST',
    '/api/v3.1/auth_configs',
    {
      toolkit: { slug: 'acme' },
      auth_config: {
        type: 'use_custom_auth',
        authScheme: 'OAUTH2',
        credentials: { client_id: provider.clientId, client_secret: provider.clientSecret, scopes: ['openid', 'api:read'] },
      },
    },
    key,
  );
  if (config.status !== 201) throw new Error(`auth config failed: ${JSON.stringify(config.json)}`);
  return config.json.id as string;
}

export interface AcmeEnv {
  env: ConnectionsEnv;
  provider: TestProvider;
  /** The acme toolkit's custom OAuth2 auth config in project A. */
  configId: string;
  close(): Promise<void>;
}

/**
 * An instance (`startEnv`) next to a real OAuth 2 server that knows its callback, with the acme
 * toolkit imported and configured: the starting point of every OAuth test.
 */
export async function startAcmeEnv(opts: Parameters<typeof startEnv>[0] = {}): Promise<AcmeEnv> {
  const env = await startEnv(opts);
  const provider = await startProvider({ redirectUris: [`${env.origin}/oauth/callback`] });
  const close = async () => {
    await env.close();
    await provider.close();
  };
  try {
    return { env, provider, configId: await setUpAcme(env, provider), close };
  } catch (error) {
    await close();
    throw error;
  }
}

export const CALLBACK_URL = 'https://app.example.com/connected';
export const notCallback = (url: string) => !url.startsWith(CALLBACK_URL);

/**
 * Walks a browser through our link page, the provider's login and consent, and our callback;
 * `follow` says which redirects to follow (by default up to the app's callback URL).
 */
export async function completeOAuth(browser: import('./browser.js').Browser, redirectUrl: string, login = 'alice', follow = notCallback) {
  const loginPage = await browser.go(redirectUrl, {}, follow);
  if (!/name="login"/.test(loginPage.html))
    throw new Error(`expected the provider's login page, got ${loginPage.status} ${loginPage.url}:\n${loginPage.html.slice(0, 400)}`);
  const consent = await browser.submit(loginPage, { login, password: 'any' }, follow);
  if (!/name="prompt" value="consent"/.test(consent.html)) throw new Error(`expected the consent page, got ${consent.status} ${consent.url}`);
  return browser.submit(consent, {}, follow);
}

/** Connects an API-key toolkit (OpenWeather) for the session's user through the hosted form. */
export async function connectApiKey(env: ConnectionsEnv, sessionId: string, apiKey: string, opts: { alias?: string; key?: string } = {}) {
  const link = await env.call(
    'POST',
    `/api/v3.1/tool_router/session/${sessionId}/link`,
    { toolkit: 'openweather', ...(opts.alias ? { alias: opts.alias } : {}) },
    opts.key,
  );
  if (link.status !== 201) throw new Error(`link failed: ${JSON.stringify(link.json)}`);
  const browser = new (await import('./browser.js')).Browser();
  const form = await browser.go(link.json.redirect_url);
  const done = await browser.submit(form, { api_key: apiKey });
  if (done.status !== 200 || !done.html.includes('connected')) throw new Error(`form failed: ${done.status} ${done.html.slice(0, 300)}`);
  return link.json.connected_account_id as string;
}
