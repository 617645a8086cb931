import { DEFAULT_MCP_TOKEN_TTL_SECONDS } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

/**
 * MCP URL tokens do not outlive what vouched for them: revoking the API key that issued a token
 * closes that token's URL (and only that key's), and every token expires, by default after 30
 * days, measured on the server's clock.
 */
describe.each(['sqlite', 'postgres'] as const)('MCP URL token lifetime on %s', (store) => {
  let api: TestApi;
  const clock = { offsetMs: 0 };

  beforeAll(async () => {
    api = await startTestApi({ store, wiring: { now: () => new Date(Date.now() + clock.offsetMs) } });
  });
  afterAll(() => api?.close());

  const session = async (key = api.keyA) => (await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'u' }, key)).json.session_id as string;
  const issue = async (sessionId: string, key: string, body: Record<string, unknown> = {}) => {
    const res = await api.call('POST', `/api/v3.1/tool_router/session/${sessionId}/mcp_tokens`, body, key);
    expect(res.status).toBe(201);
    return res.json as { id: string; token: string; expires_at: string };
  };
  /** What an MCP client holding only the URL gets when it connects. */
  const open = async (sessionId: string, token: string) =>
    (
      await api.request(`/tool_router/${sessionId}/mcp?token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
        }),
      })
    ).status;

  it("revoking a key closes the URLs it issued, while another key's URL keeps working", async () => {
    const projects = api.services.projects;
    const second = await projects.issueKey(api.projectA, 'second');
    const doomed = await projects.issueKey(api.projectA, 'doomed');
    const sessionId = await session();
    const kept = await issue(sessionId, second.key);
    const lost = await issue(sessionId, doomed.key);
    expect(await open(sessionId, kept.token)).toBe(200);
    expect(await open(sessionId, lost.token)).toBe(200);

    await projects.revokeKey(doomed.row.id);
    expect(await open(sessionId, lost.token)).toBe(401);
    expect(await open(sessionId, kept.token)).toBe(200);
    const listed = (await api.call('GET', `/api/v3.1/tool_router/session/${sessionId}/mcp_tokens`, undefined, second.key)).json.items as {
      id: string;
      revoked_at: string | null;
    }[];
    expect(listed.find((t) => t.id === lost.id)?.revoked_at).toEqual(expect.any(String));
    expect(listed.find((t) => t.id === kept.id)?.revoked_at).toBeNull();
  });

  it('gives a token the default lifetime unless the request asks for another, and enforces it', async () => {
    const sessionId = await session();
    const issuedAt = Date.now() + clock.offsetMs;
    const byDefault = await issue(sessionId, api.keyA);
    const expiresIn = Date.parse(byDefault.expires_at) - issuedAt;
    expect(Math.abs(expiresIn - DEFAULT_MCP_TOKEN_TTL_SECONDS * 1000)).toBeLessThan(60_000);
    const longer = await issue(sessionId, api.keyA, { expires_in: 90 * 24 * 3600 });
    expect(await open(sessionId, byDefault.token)).toBe(200);

    clock.offsetMs += (DEFAULT_MCP_TOKEN_TTL_SECONDS + 120) * 1000;
    try {
      expect(await open(sessionId, byDefault.token)).toBe(401);
      expect(await open(sessionId, longer.token)).toBe(200);
    } finally {
      clock.offsetMs = 0;
    }
    const tooLong = await api.call('POST', `/api/v3.1/tool_router/session/${sessionId}/mcp_tokens`, { expires_in: 2 * 365 * 24 * 3600 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.errors.join(' ')).toMatch(/expires_in/);
  });
});
