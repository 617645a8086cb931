import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../server/test/connections/browser.js';
import { type ConnectionsEnv, startEnv } from '../../server/test/connections/fixture.js';
import {
  ConnectedAccountNotFoundError,
  ConnectionRequestFailedError,
  ConnectionRequestTimeoutError,
  NoActiveConnectionError,
  ToolRouter,
  type ToolRouterSession,
} from '../src/index.js';

/**
 * session.authorize → Connect Link → the end user connects in a (scripted, cookie-keeping)
 * browser → waitForConnection resolves, against the real server and its hosted link pages.
 */
let env: ConnectionsEnv;
let router: ToolRouter;
beforeAll(async () => {
  env = await startEnv();
  router = new ToolRouter({ apiKey: env.keyA, baseURL: env.origin });
});
afterAll(() => env.close());

const newSession = (userId: string): Promise<ToolRouterSession> =>
  router.create(userId, { toolkits: ['openweather', 'gmail', 'hackernews'], manageConnections: { callbackUrl: 'https://app.example/done' } });

/** What the end user does with the link: open it and submit the API-key form. */
async function connectInBrowser(redirectUrl: string, apiKey: string) {
  const browser = new Browser();
  const form = await browser.go(redirectUrl);
  expect(form.html).toContain('Connect OpenWeather');
  const done = await browser.submit(form, { api_key: apiKey }, () => false);
  expect(done.status).toBeLessThan(400);
}

describe('session.authorize and waitForConnection', () => {
  it('hands out a Connect Link and resolves once the user has connected', async () => {
    const session = await newSession('conn-user');
    const request = await session.authorize('openweather', { alias: 'work' });
    expect(request.id).toMatch(/^ca_/);
    expect(request.status).toBe('INITIATED');
    expect(request.redirectUrl).toMatch(new RegExp(`^${env.origin}/link/lt_`));
    expect(request.linkToken).toMatch(/^lt_/);

    const waiting = request.waitForConnection(10_000, { pollIntervalMs: 100 });
    await connectInBrowser(request.redirectUrl, 'owm-key-0123456789');
    const account = await waiting;
    expect(account).toMatchObject({ id: request.id, status: 'ACTIVE', alias: 'work', toolkit: 'openweather', userId: 'conn-user', isDisabled: false });
    expect(account.authConfig?.id).toMatch(/^ac_/);

    const [toolkit] = (await session.toolkits({ isConnected: true })).items;
    expect(toolkit).toMatchObject({ slug: 'openweather', connection: { isActive: true, status: 'ACTIVE' } });
    expect(toolkit!.connection.connectedAccount).toMatchObject({ id: request.id, status: 'ACTIVE', alias: 'work' });
    expect(toolkit!.connection.authConfig).toMatchObject({ id: account.authConfig!.id, mode: 'API_KEY' });
    const unconnected = (await session.toolkits({ isConnected: false })).items.map((t) => t.slug);
    expect(unconnected.sort()).toEqual(['gmail', 'hackernews']);

    const search = await session.search({ query: 'current weather in a city', toolkits: ['openweather'] });
    expect(search.toolkitConnectionStatuses).toContainEqual(expect.objectContaining({ toolkit: 'openweather', hasActiveConnection: true }));
  });

  it('gives up after the timeout, and reports a link that failed', async () => {
    const session = await newSession('slow-user');
    const request = await session.authorize('openweather');
    const timeout = await request.waitForConnection(300, { pollIntervalMs: 50 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(ConnectionRequestTimeoutError);
    expect(timeout).toMatchObject({ connectedAccountId: request.id, lastStatus: 'INITIATED' });

    // The link expires before the user opens it: the account ends FAILED and waiting stops at once.
    const waiting = request.waitForConnection(10_000, { pollIntervalMs: 50 }).catch((e: unknown) => e);
    env.clock.offsetMs = 16 * 60_000;
    try {
      await new Browser().go(request.redirectUrl, {}, () => false); // the server refuses it and fails the account
    } finally {
      env.clock.offsetMs = 0;
    }
    const failed = await waiting;
    expect(failed).toBeInstanceOf(ConnectionRequestFailedError);
    expect(failed).toMatchObject({ connectedAccountId: request.id, status: 'FAILED', statusReason: expect.stringContaining('expired') });
  });

  it('raises typed errors for an account that does not exist and a toolkit with no way to connect', async () => {
    const session = await newSession('err-user');
    const request = await session.authorize('openweather');
    const res = await fetch(`${env.origin}/api/v3.1/connected_accounts/${request.id}`, { method: 'DELETE', headers: { 'x-api-key': env.keyA } });
    expect(res.status).toBeLessThan(300);
    await expect(request.waitForConnection(2_000, { pollIntervalMs: 50 })).rejects.toBeInstanceOf(ConnectedAccountNotFoundError);
    // Gmail is OAuth2: without an auth config of the project or an operator app there is nothing to connect with.
    const gmail = await session.authorize('gmail').catch((e: unknown) => e);
    expect(gmail).toBeInstanceOf(NoActiveConnectionError);
    expect((gmail as NoActiveConnectionError).message).toMatch(/gmail/);
  });

  it('lets the agent connect through COMPOSIO_MANAGE_CONNECTIONS', async () => {
    const session = await newSession('agent-user');
    const result = await session.execute('COMPOSIO_MANAGE_CONNECTIONS', { toolkits: ['openweather'] });
    expect(result.successful).toBe(true);
    const entry = (result.data.results as Record<string, { status: string; redirect_url: string }>).openweather!;
    expect(entry.status).toBe('initiated');
    expect(entry.redirect_url).toMatch(/\/link\/lt_/);
  });
});
