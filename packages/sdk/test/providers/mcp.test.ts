import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolRouter, type ToolRouterSession } from '../../src/index.js';
import { anthropicMcpServer, mcpServerConfig, mcpServersJson, mcpTransportOptions, openaiMcpTool } from '../../src/providers/mcp/index.js';
import { type LiveServer, startLiveServer } from '../live-server.js';

let server: LiveServer;
let session: ToolRouterSession;
beforeAll(async () => {
  server = await startLiveServer();
  session = await new ToolRouter({ apiKey: server.apiKey, baseURL: server.url }).create('mcp-user', {
    toolkits: ['gmail'],
    preload: { tools: ['GMAIL_SEND_EMAIL'] },
  });
});
afterAll(() => server.close());

/** Connects the official MCP client; the caller closes it. */
async function connect(url: URL, requestInit?: RequestInit): Promise<Client> {
  const client = new Client({ name: 'sdk-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, requestInit ? { requestInit } : {}));
  return client;
}

describe('MCP config helpers', () => {
  it('describe the session endpoint the server hands out, with the key as the client must send it', () => {
    const url = `${server.url}/tool_router/${session.sessionId}/mcp`;
    const headers = { 'x-api-key': server.apiKey };
    expect(mcpServerConfig(session)).toEqual({ type: 'http', url, headers });
    expect(mcpServersJson(session, 'tools')).toEqual({ mcpServers: { tools: { type: 'http', url, headers } } });
    const transport = mcpTransportOptions(session);
    expect(transport.url.href).toBe(url);
    expect(transport.requestInit).toEqual({ headers });
    expect(openaiMcpTool(session)).toEqual({ type: 'mcp', server_label: 'toolrouter', server_url: url, headers, require_approval: 'never' });
    expect(anthropicMcpServer(session)).toEqual({ type: 'url', url, name: 'toolrouter', authorization_token: server.apiKey });
  });

  it('let the official MCP client list and call the session tools', async () => {
    const { url, requestInit } = mcpTransportOptions(session);
    const client = await connect(url, requestInit);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name);
      expect(listed).toEqual((await session.tools()).map((t) => t.slug));
      const result = await client.callTool({ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: 'send an email' }] } });
      expect(result.isError).toBeFalsy();
      const body = result.structuredContent as { successful: boolean; data: { results: Array<{ primary_tool_slugs: string[] }> } };
      expect(body.successful).toBe(true);
      expect(body.data.results[0]!.primary_tool_slugs).toContain('GMAIL_SEND_EMAIL');
    } finally {
      await client.close();
    }
  });

  it('the bearer form Anthropic sends is accepted too', async () => {
    const { url, name: _name, authorization_token } = anthropicMcpServer(session);
    const client = await connect(new URL(url), { headers: { authorization: `Bearer ${authorization_token}` } });
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe('MCP URL tokens', () => {
  it('open the session without headers until revoked', async () => {
    const token = await session.createMcpToken({ name: 'desktop', expiresInSeconds: 3600 });
    expect(token.url).toBe(`${server.url}/tool_router/${session.sessionId}/mcp?token=${encodeURIComponent(token.token)}`);
    expect(token.name).toBe('desktop');
    expect(Date.parse(token.expiresAt!)).toBeGreaterThan(Date.now());

    const client = await connect(new URL(token.url));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('GMAIL_SEND_EMAIL');
    } finally {
      await client.close();
    }
    await session.revokeMcpToken(token.id);
    await expect(connect(new URL(token.url))).rejects.toThrow();
  });
});
