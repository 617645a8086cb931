import { Composio } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../connections/browser.js';
import { CALLBACK_URL, type ConnectionsEnv, completeOAuth, startAcmeEnv } from '../connections/fixture.js';

/**
 * The documented connection flows with the official client, against a real server and a real
 * OAuth 2 authorization server (oidc-provider) on loopback.
 */
let env: ConnectionsEnv;
let close: () => Promise<void>;
let authConfigId: string;
let composio: Composio;

beforeAll(async () => {
  ({ env, configId: authConfigId, close } = await startAcmeEnv());
  composio = new Composio({ apiKey: env.keyA, baseURL: env.origin, allowTracking: false, disableVersionCheck: true });
});
afterAll(() => close?.());

async function connect(userId: string) {
  const session = await composio.create(userId, { toolkits: ['acme'] });
  const request = await session.authorize('acme', { callbackUrl: CALLBACK_URL });
  const waiting = request.waitForConnection(20_000);
  await completeOAuth(new Browser(), request.redirectUrl!, userId);
  return { session, request, account: await waiting };
}

describe('@composio/core: connections', () => {
  it('session.authorize(toolkit, {callbackUrl}), the OAuth flow, then waitForConnection() resolves ACTIVE', async () => {
    const { request, account } = await connect('compat-oauth');
    expect(request.id).toMatch(/^ca_/);
    expect(account).toMatchObject({ id: request.id, status: 'ACTIVE' });
  });

  it('session.toolkits({ isConnected }) shows the connection', async () => {
    const { session, request } = await connect('compat-toolkits');
    const connected = await session.toolkits({ isConnected: true });
    expect(connected.items.map((t) => t.slug)).toEqual(['acme']);
    expect(connected.items[0]!.connection).toMatchObject({ isActive: true, connectedAccount: { id: request.id, status: 'ACTIVE' } });
    const all = await session.toolkits({ toolkits: ['acme', 'gmail'] });
    expect(all.items.find((t) => t.slug === 'gmail')?.connection?.isActive ?? false).toBe(false);
  });

  it('creates a session with auth_configs and connected_accounts', async () => {
    const { request } = await connect('compat-explicit');
    const session = await composio.create('compat-explicit', {
      toolkits: ['acme'],
      authConfigs: { acme: authConfigId },
      connectedAccounts: { acme: request.id },
    });
    const stored = await env.call('GET', `/api/v3.1/tool_router/session/${session.sessionId}`);
    expect(stored.json.config.auth_configs).toEqual({ acme: authConfigId });
    expect(stored.json.config.connected_accounts).toEqual({ acme: [request.id] });
    const toolkits = await session.toolkits({ isConnected: true });
    expect(toolkits.items[0]!.connection?.connectedAccount?.id).toBe(request.id);
  });
});
