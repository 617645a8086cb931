import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ConnectOptions {
  headers?: Record<string, string>;
  /** Replaces fetch, e.g. to spread requests over several instances. */
  fetch?: typeof fetch;
  capabilities?: ConstructorParameters<typeof Client>[1] extends infer O ? (O extends { capabilities?: infer C } ? C : never) : never;
}

/**
 * The official MCP client on a session's MCP URL. `streamOpen` settles when the client's GET
 * stream (where server notifications arrive) has been accepted by the server.
 */
export async function connectClient(url: string, options: ConnectOptions = {}) {
  let markOpen!: () => void;
  const streamOpen = new Promise<void>((resolve) => (markOpen = resolve));
  const inner = options.fetch ?? fetch;
  const watchingFetch: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    if ((init?.method ?? 'GET') === 'GET' && response.ok) markOpen();
    return response;
  };
  const client = new Client({ name: 'toolrouter-test', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: options.headers ?? {} },
    fetch: watchingFetch,
  });
  await client.connect(transport);
  return { client, transport, streamOpen };
}

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
