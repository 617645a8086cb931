import type { ToolRouterSession } from '../../session/session.js';

/**
 * The session's MCP endpoint in the shapes MCP-capable frameworks take. The endpoint speaks MCP
 * Streamable HTTP and authenticates with the project key in `x-api-key`; treat these objects as
 * secrets, since they carry that key.
 */

/** `{ type, url, headers }`: the same as `session.mcp`. */
export function mcpServerConfig(session: ToolRouterSession): { type: 'http' | 'sse'; url: string; headers: Record<string, string> } {
  return session.mcp;
}

/** An `mcpServers` block as Claude Desktop, Claude Code (`.mcp.json`), Cursor and similar clients read it. */
export function mcpServersJson(session: ToolRouterSession, name = 'toolrouter') {
  const { type, url, headers } = session.mcp;
  return { mcpServers: { [name]: { type, url, headers } } };
}

/**
 * Options for the MCP TypeScript SDK's Streamable HTTP client transport:
 * `new StreamableHTTPClientTransport(opts.url, { requestInit: opts.requestInit })`.
 */
export function mcpTransportOptions(session: ToolRouterSession): { url: URL; requestInit: { headers: Record<string, string> } } {
  return { url: new URL(session.mcp.url), requestInit: { headers: session.mcp.headers } };
}

/**
 * An OpenAI Responses API hosted-MCP tool. OpenAI's servers call the URL, so it must be reachable
 * from the internet (set TOOLROUTER_PUBLIC_URL on the server).
 */
export function openaiMcpTool(session: ToolRouterSession, options: { label?: string; requireApproval?: 'always' | 'never' } = {}) {
  return {
    type: 'mcp' as const,
    server_label: options.label ?? 'toolrouter',
    server_url: session.mcp.url,
    headers: session.mcp.headers,
    require_approval: options.requireApproval ?? 'never',
  };
}

/**
 * An Anthropic Messages API MCP connector entry (`mcp_servers`); the key travels as a bearer token.
 * Like the OpenAI tool, the URL must be reachable from Anthropic's servers.
 */
export function anthropicMcpServer(session: ToolRouterSession, name = 'toolrouter') {
  return { type: 'url' as const, url: session.mcp.url, name, authorization_token: session.mcp.headers['x-api-key'] ?? '' };
}
