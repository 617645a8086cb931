import type { GuardedFetch } from '../net/index.js';
import type { McpFetch } from './upstream-connection.js';

/**
 * The MCP client's HTTP goes through the guarded client, bound to the server's own host. The
 * guarded client buffers bodies, so the long-lived GET stream for server-initiated messages is
 * declined with 405 (the client then works request/response only, which is all tool calls need).
 */
export function guardedMcpFetch(http: GuardedFetch, serverUrl: string, allow: readonly string[], timeoutMs: number): McpFetch {
  return async (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method === 'GET') return new Response(null, { status: 405, statusText: 'Method Not Allowed' });
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : init.body == null ? null : String(init.body);
    const res = await http(input, {
      method,
      headers,
      body,
      allowedHosts: [serverUrl],
      allow,
      timeoutMs,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const nullBody = res.status === 204 || res.status === 304 || method === 'HEAD';
    return new Response(nullBody ? null : new Uint8Array(res.body), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
