import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolListing } from '../catalog/sources/mcp/mcp-to-bundle.js';

/** How to reach one upstream MCP server, with its secrets in plaintext (never logged). */
export type UpstreamSpec =
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { transport: 'http'; url: string; headers: Record<string, string> };

/** Fetch as the MCP SDK expects it; built from the guarded client for HTTP upstreams. */
export type McpFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface UpstreamConnection {
  readonly pid: number | null;
  listTools(timeoutMs: number): Promise<McpToolListing[]>;
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallToolResult>;
  /** Called once when the process exits or the connection drops, unless `close()` caused it. */
  onExit(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

const CLIENT_INFO = { name: 'toolrouter', version: '0.1.0' };

/** Connects with the official MCP client over stdio (a child process) or Streamable HTTP. */
export async function connectUpstream(
  spec: UpstreamSpec,
  options: { fetch: McpFetch; timeoutMs: number; stderr?: (line: string) => void },
): Promise<UpstreamConnection> {
  const transport =
    spec.transport === 'stdio'
      ? new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, stderr: 'pipe' })
      : new StreamableHTTPClientTransport(new URL(spec.url), { fetch: options.fetch, requestInit: { headers: spec.headers } });
  if (transport instanceof StdioClientTransport && options.stderr) {
    const onLine = options.stderr;
    transport.stderr?.on('data', (chunk: Buffer) => onLine(chunk.toString().trim().slice(0, 500)));
  }
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let closing = false;
  let exited = false;
  const listeners: Array<(reason: string) => void> = [];
  const exit = (reason: string) => {
    if (closing || exited) return;
    exited = true;
    for (const listener of listeners) listener(reason);
  };
  client.onclose = () => exit('the connection closed');
  client.onerror = () => {
    // Transport errors surface again on the pending request; the close handler reports crashes.
  };
  try {
    await client.connect(transport, { timeout: options.timeoutMs });
  } catch (error) {
    closing = true;
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    get pid() {
      return transport instanceof StdioClientTransport ? transport.pid : null;
    },
    async listTools(timeoutMs) {
      const tools: McpToolListing[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
        tools.push(...(page.tools as McpToolListing[]));
        cursor = page.nextCursor;
      } while (cursor && tools.length < 10_000);
      return tools;
    },
    async callTool(name, args, timeoutMs) {
      return (await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs })) as CallToolResult;
    },
    onExit(listener) {
      listeners.push(listener);
    },
    async close() {
      closing = true;
      await client.close().catch(() => undefined);
    },
  };
}
