import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { CALLBACK_URL, type ConnectionsEnv, completeOAuth, startAcmeEnv } from './fixture.js';
import type { TestProvider } from './oauth-provider.js';

/**
 * Execution with real connected accounts: the user connects through the Connect Link against a
 * real authorization server, then tools run with that account's token (the provider's own API
 * checks it), refreshed once for many concurrent executions, and renewed after a provider 401.
 */
const BASE = '/api/v3.1/tool_router/session';
let env: ConnectionsEnv;
let provider: TestProvider;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ env, provider, close } = await startAcmeEnv());
});
afterAll(() => close?.());

async function connectedSession(userId: string): Promise<string> {
  const sessionId = (await env.call('POST', BASE, { user_id: userId, toolkits: ['acme'] })).json.session_id as string;
  const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL });
  await completeOAuth(new Browser(), link.json.redirect_url, userId);
  return sessionId;
}
const run = (sessionId: string) => env.call('POST', `${BASE}/${sessionId}/execute`, { tool_slug: 'ACME_GET_THE_SIGNED_IN_USER', arguments: {} });

describe('executing with connected accounts', () => {
  it('refuses before the user connects, then runs as the connected user', async () => {
    const sessionId = (await env.call('POST', BASE, { user_id: 'erin', toolkits: ['acme'] })).json.session_id;
    const before = await run(sessionId);
    expect(before.json.error).toMatch(/acme/i);
    const link = await env.call('POST', `${BASE}/${sessionId}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL });
    await completeOAuth(new Browser(), link.json.redirect_url, 'erin');
    const after = await run(sessionId);
    expect(after.json).toMatchObject({ error: null, data: { sub: 'erin' } });
    const log = await env.call('GET', `/api/v3.1/execution_logs/${after.json.log_id}`);
    expect(log.json).toMatchObject({ status: 'success', connected_account_id: link.json.connected_account_id, user_id: 'erin' });
  });

  it('20 concurrent executions needing a refresh cause exactly one token request at the provider', async () => {
    const sessionId = await connectedSession('frank');
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    env.clock.offsetMs = 3 * 60 * 60_000;
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => run(sessionId)));
      expect(results.map((r) => r.json.error)).toEqual(Array(20).fill(null));
      expect(results.every((r) => r.json.data.sub === 'frank')).toBe(true);
      expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
    } finally {
      env.clock.offsetMs = 0;
    }
  });

  it('renews after the provider rejects a revoked access token, and retries once', async () => {
    const sessionId = await connectedSession('gina');
    expect((await run(sessionId)).json.error).toBeNull();
    // The provider forgets the access token (as after a key rotation); the refresh token still works.
    const { row, view } = await env.services.sessions.load(env.projectA, sessionId);
    const creds = await env.services.credentials.credentialsFor({ projectId: env.projectA, session: row, toolkit: view.toolkit('acme')!.toolkit });
    const token = (creds.auth as { token: string }).token;
    const stored = await provider.provider.AccessToken.find(token);
    await stored?.destroy();
    expect(await provider.accepts(token)).toBe(false);
    const refreshes = provider.tokenRequests['refresh_token'] ?? 0;
    const res = await run(sessionId);
    expect(res.json).toMatchObject({ error: null, data: { sub: 'gina' } });
    expect(provider.tokenRequests['refresh_token']).toBe(refreshes + 1);
  });
});
