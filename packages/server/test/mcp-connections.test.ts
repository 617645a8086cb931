import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './connections/browser.js';
import { CALLBACK_URL, type ConnectionsEnv, completeOAuth, connectApiKey, startAcmeEnv } from './connections/fixture.js';
import { connectClient, eventually } from './mcp-harness.js';

/**
 * A toolkit getting connected tells MCP clients of the user's sessions that their tools changed:
 * through the real Connect Link flow (OAuth against a real authorization server, and the hosted
 * API-key form).
 */
let env: ConnectionsEnv;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ env, close } = await startAcmeEnv());
});
afterAll(() => close?.());

async function watchedSession(userId: string, toolkits: string[]) {
  const created = await env.call('POST', '/api/v3.1/tool_router/session', { user_id: userId, toolkits });
  expect(created.status).toBe(201);
  const id = created.json.session_id as string;
  const { client, streamOpen } = await connectClient(`${env.origin}/tool_router/${id}/mcp`, { headers: { 'x-api-key': env.keyA } });
  let notified = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    notified++;
  });
  await streamOpen;
  return { id, client, notifications: () => notified };
}

describe('MCP list_changed on connections', () => {
  it('notifies when the user completes an OAuth connection', async () => {
    const { id, client, notifications } = await watchedSession('mcp-oauth-user', ['acme']);
    try {
      const link = await env.call('POST', `/api/v3.1/tool_router/session/${id}/link`, { toolkit: 'acme', callback_url: CALLBACK_URL });
      expect(link.status).toBe(201);
      await completeOAuth(new Browser(), link.json.redirect_url, 'mcp-oauth-user');
      await eventually(() => (notifications() > 0 ? true : undefined), 10_000, 'list_changed after OAuth');
      const toolkits = await env.call('GET', `/api/v3.1/tool_router/session/${id}/toolkits?is_connected=true`);
      expect(toolkits.json.items.map((t: { slug: string }) => t.slug)).toEqual(['acme']);
    } finally {
      await client.close();
    }
  });

  it('notifies when the user connects an API-key toolkit, and not the sessions of other users', async () => {
    const mine = await watchedSession('mcp-key-user', ['openweather']);
    const theirs = await watchedSession('someone-else', ['openweather']);
    try {
      await connectApiKey(env, mine.id, 'key-123');
      await eventually(() => (mine.notifications() > 0 ? true : undefined), 10_000, 'list_changed after the API-key form');
      await new Promise((r) => setTimeout(r, 300));
      expect(theirs.notifications()).toBe(0);
    } finally {
      await mine.client.close();
      await theirs.client.close();
    }
  });
});
