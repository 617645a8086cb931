import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { type CompatServer, startCompatServer } from './composio-server.js';

/**
 * A small real HTTP API on loopback that stands in for a third-party service: the compatibility
 * flows import it as a toolkit (OpenAPI, no auth) and execute its tools through the router.
 */
export async function startInventoryUpstream() {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  /** The same calls with their query and headers, for checking the credentials a call carried. */
  const requests: Array<{ path: string; query: Record<string, string>; headers: Record<string, string | string[] | undefined> }> = [];
  const items = new Map<string, { id: string; name: string; units: number }>([['42', { id: '42', name: 'bulb', units: 7 }]]);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString();
      const body = text ? (JSON.parse(text) as unknown) : null;
      calls.push({ method: req.method ?? '', path: url.pathname, body });
      requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const item = url.pathname.match(/^\/items\/([^/]+)$/);
      if (req.method === 'GET' && item) {
        const found = items.get(item[1]!);
        return found ? json(200, found) : json(404, { message: `no item ${item[1]}` });
      }
      if (req.method === 'POST' && url.pathname === '/items') {
        const { name, units } = body as { name: string; units?: number };
        const created = { id: String(items.size + 100), name, units: units ?? 0 };
        items.set(created.id, created);
        return json(201, created);
      }
      if (req.method === 'GET' && url.pathname === '/stats') return json(200, { items: items.size, query: Object.fromEntries(url.searchParams) });
      json(404, { message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Its OpenAPI description: three operations, no authentication. */
export function inventorySpec(baseUrl: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Inventory', version: '1' },
    servers: [{ url: baseUrl }],
    paths: {
      '/items/{id}': {
        get: {
          summary: 'Get item',
          description: 'Reads one inventory item with its stock level.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the item' } },
        },
      },
      '/items': {
        post: {
          summary: 'Create item',
          description: 'Adds an item to the inventory.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, units: { type: 'integer' } } } },
            },
          },
          responses: { '201': { description: 'created' } },
        },
      },
      '/stats': { get: { summary: 'Get stats', responses: { '200': { description: 'stats' } } } },
    },
  };
}

/** Imports the upstream as the `inventory` toolkit of the server's project, the way an operator would. */
export async function importInventory(server: { url: string; key: string }, upstreamUrl: string): Promise<void> {
  const imported = await fetch(`${server.url}/api/v3.1/toolkits/import`, {
    method: 'POST',
    headers: { 'x-api-key': server.key, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: 'inventory', spec: inventorySpec(upstreamUrl) }),
  });
  if (imported.status !== 201) throw new Error(`importing the inventory toolkit answered ${imported.status}: ${await imported.text()}`);
}

/**
 * The usual setup of a compat file: the inventory upstream, a compat server and the inventory toolkit
 * imported into it, started before the file's tests and closed after them. Read `server` and
 * `upstream` inside tests (they exist once `beforeAll` has run).
 */
export function useInventoryServer(): { readonly server: CompatServer; readonly upstream: InventoryUpstream } {
  let server: CompatServer | undefined;
  let upstream: InventoryUpstream | undefined;
  beforeAll(async () => {
    upstream = await startInventoryUpstream();
    server = await startCompatServer();
    await importInventory(server, upstream.url);
  });
  afterAll(async () => {
    await server?.close();
    await upstream?.close();
  });
  return {
    get server() {
      return server!;
    },
    get upstream() {
      return upstream!;
    },
  };
}

type InventoryUpstream = Awaited<ReturnType<typeof startInventoryUpstream>>;
