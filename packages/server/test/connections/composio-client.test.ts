import { Composio } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { CALLBACK_URL, type ConnectionsEnv, completeOAuth, startAcmeEnv } from './fixture.js';

/** The official client's connection calls against this server: authorize, wait, toolkits, accounts. */
let env: ConnectionsEnv;
let close: () => Promise<void>;
let composio: Composio;

beforeAll(async () => {
  ({ env, close } = await startAcmeEnv());
  composio = new Composio({ apiKey: env.keyA, baseURL: env.origin, allowTracking: false, disableVersionCheck: true });
});
afterAll(() => close?.());

describe('@composio/core connection flow', () => {
  it('session.authorize → user completes OAuth → waitForConnection resolves ACTIVE', async () => {
    const session = await composio.create('client-user', { toolkits: ['acme'] });
    const request = await session.authorize('acme', { callbackUrl: CALLBACK_URL });
    expect(request.id).toMatch(/^ca_/);
    expect(request.redirectUrl).toContain('/link/lt_');
    const waiting = request.waitForConnection(20_000);
    await completeOAuth(new Browser(), request.redirectUrl!, 'client-user');
    const account = await waiting;
    expect(account).toMatchObject({ id: request.id, status: 'ACTIVE' });

    const toolkits = await session.toolkits({ isConnected: true });
    expect(toolkits.items.map((t) => t.slug)).toEqual(['acme']);
    expect(toolkits.items[0]!.connection).toMatchObject({ isActive: true, connectedAccount: { id: request.id, status: 'ACTIVE' } });

    const listed = await composio.connectedAccounts.list({ userIds: ['client-user'] });
    expect(listed.items.map((a) => a.id)).toEqual([request.id]);
  });

  it('a failed connection makes waitForConnection reject with the reason', async () => {
    const session = await composio.create('client-denier', { toolkits: ['acme'] });
    const request = await session.authorize('acme', { callbackUrl: CALLBACK_URL });
    const waiting = request.waitForConnection(20_000).then(
      () => undefined,
      (error: Error) => error,
    );
    const browser = new Browser();
    const first = await browser.go(request.redirectUrl!, {}, () => false);
    const state = new URL(first.url).searchParams.get('state')!;
    await browser.go(`${env.origin}/oauth/callback?error=access_denied&state=${state}`, {}, () => false);
    const error = await waiting;
    expect(error).toBeInstanceOf(Error);
    expect(String(error?.message)).toMatch(/FAILED|access_denied/);
  });
});

describe('@composio/core connections outside a session', () => {
  it('connectedAccounts.initiate on an auth config, then waitForConnection', async () => {
    const configs = await composio.authConfigs.list({ toolkit: 'acme' });
    const configId = configs.items[0]!.id;
    const request = await composio.connectedAccounts.initiate('outside-user', configId, { callbackUrl: CALLBACK_URL });
    expect(request.redirectUrl).toContain('/link/lt_');
    const waiting = request.waitForConnection(20_000);
    await completeOAuth(new Browser(), request.redirectUrl!, 'outside-user');
    expect(await waiting).toMatchObject({ id: request.id, status: 'ACTIVE' });
    const account = await composio.connectedAccounts.get(request.id);
    expect(account).toMatchObject({ id: request.id, status: 'ACTIVE' });
  });
});
