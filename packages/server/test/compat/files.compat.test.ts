import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompatServer, startCompatServer } from './composio-server.js';

/**
 * `session.experimental.files` with the official client: upload → list → download → delete, the
 * client PUTting the bytes to the signed URL and GETting them back.
 *
 * The client refuses to send file bytes to a private or loopback address (its SSRF guard), which
 * is right for a deployed server on a public address. So the server here announces a public
 * address (TOOLROUTER_PUBLIC_URL, a public IP that is never contacted) and the test's fetch delivers
 * requests for that address to the loopback port: the client's own checks, requests and parsing
 * run unchanged; only the last network hop is redirected.
 */
const PUBLIC_IP = '93.184.216.34';
let server: CompatServer;
const realFetch = globalThis.fetch;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  server = await startCompatServer({ PORT: String(port), TOOLROUTER_PUBLIC_URL: `http://${PUBLIC_IP}:${port}` });
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit & { dispatcher?: unknown }) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== PUBLIC_IP) return realFetch(input, init);
    url.hostname = '127.0.0.1';
    // The client pins its connection to the address it checked; here that address is the stand-in.
    const { dispatcher: _pinned, ...rest } = init ?? {};
    return realFetch(url, rest);
  }) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await server?.close();
});

describe('@composio/core: session.experimental.files', () => {
  it('upload → list → download → delete', async () => {
    const session = await server.composio().create('files-user', { toolkits: ['hackernews'] });
    const files = session.experimental.files;
    const content = new TextEncoder().encode('name,units\nbulb,7\n');
    const uploaded = await files.upload(content, { remotePath: 'reports/stock.csv', mimetype: 'text/csv' });
    expect(uploaded.mountRelativePath).toBe('reports/stock.csv');
    expect(uploaded.sandboxMountPrefix).toBe('/mnt/files');
    expect(uploaded.downloadUrl).toContain(`http://${PUBLIC_IP}:`);

    const listed = await files.list({ path: '/reports' });
    expect(listed.items.map((i) => [i.mountRelativePath, i.size])).toEqual([['reports/stock.csv', content.length]]);

    const remote = await files.download('reports/stock.csv');
    expect(await remote.text()).toBe('name,units\nbulb,7\n');

    const deleted = await files.delete('reports/stock.csv');
    expect(deleted).toEqual({ mountRelativePath: 'reports/stock.csv', sandboxMountPrefix: '/mnt/files' });
    expect((await files.list()).items).toEqual([]);
  });
});
