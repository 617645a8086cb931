import type { HttpClient } from '../http/http-client.js';

/** A URL that opens one session's MCP endpoint without headers, for clients that cannot send them. */
export interface McpUrlToken {
  id: string;
  /** The secret itself; shown only now. */
  token: string;
  /** `…/tool_router/{session}/mcp?token=…`: give this to the MCP client. */
  url: string;
  name: string | null;
  expiresAt: string | null;
}

export interface McpTokenOptions {
  name?: string;
  /** Lifetime (60 s to one year); without it the token lives until revoked or the session is deleted. */
  expiresInSeconds?: number;
}

interface WireMcpToken {
  id: string;
  token: string;
  url: string;
  name?: string | null;
  expires_at?: string | null;
}

export async function createMcpToken(http: HttpClient, sessionPath: string, options: McpTokenOptions): Promise<McpUrlToken> {
  const wire = await http.request<WireMcpToken>({
    method: 'POST',
    path: `${sessionPath}/mcp_tokens`,
    body: { ...(options.name ? { name: options.name } : {}), ...(options.expiresInSeconds ? { expires_in: options.expiresInSeconds } : {}) },
  });
  return { id: wire.id, token: wire.token, url: wire.url, name: wire.name ?? null, expiresAt: wire.expires_at ?? null };
}

export async function revokeMcpToken(http: HttpClient, sessionPath: string, tokenId: string): Promise<void> {
  await http.request({ method: 'DELETE', path: `${sessionPath}/mcp_tokens/${encodeURIComponent(tokenId)}` });
}
