import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolRouter } from '../../src/index.js';
import { anthropicMcpServer, mcpServerConfig, mcpServersJson, mcpTransportOptions, openaiMcpTool } from '../../src/providers/mcp/index.js';
import { startLiveServer, type LiveServer } from '../live-server.js';

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

describe('MCP config helpers', () => {
  it('describe the session endpoint the server hands out, with the key as the client must send it', async () => {
    const session = await new ToolRouter({ apiKey: server.apiKey, baseURL: server.url }).create('mcp-user', { toolkits: ['gmail'] });
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
});
