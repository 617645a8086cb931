import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { ToolListWatcher } from '../src/mcp/tool-list-watcher.js';
import { wireServices } from '../src/runtime.js';
import type { Store } from '../src/store/store.js';
import { builtinCatalog, callApp, listen, openTestStore } from './harness.js';
import { connectClient, eventually } from './mcp-harness.js';

/** Open MCP streams hold resources (a watch, a feed subscription); they must go when the client goes. */
let store: Store;
let dispose: () => Promise<void>;
let watcher: ToolListWatcher;
let server: Awaited<ReturnType<typeof listen>>;
let app: ReturnType<typeof createApp>;
let key: string;
let shutdown: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestStore('sqlite');
  store = opened.store;
  dispose = opened.dispose;
  const log = pino({ level: 'silent' });
  const services = wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: true });
  shutdown = () => services.shutdown();
  watcher = new ToolListWatcher(store.changes, store.sessions, log);
  app = createApp({ ...services, log, publicUrl: undefined, maxBodyBytes: 1024 * 1024, mcpWatcher: watcher });
  server = await listen(app);
  key = (await services.projects.createProject('streams')).key.key;
});

afterAll(async () => {
  await server?.close();
  await shutdown?.();
  await store?.close();
  await dispose?.();
});

describe('MCP streams', () => {
  it('releases the watch when the client disconnects', async () => {
    const id = (await callApp(app, 'POST', '/api/v3.1/tool_router/session', { user_id: 'u' }, key)).json.session_id;
    const clients = await Promise.all([1, 2, 3].map(() => connectClient(`${server.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key } })));
    await Promise.all(clients.map((c) => c.streamOpen));
    expect(watcher.size).toBe(3);
    await clients[0]!.client.close();
    await eventually(() => (watcher.size === 2 ? true : undefined), 5_000, 'one watch released');
    await Promise.all(clients.slice(1).map((c) => c.client.close()));
    await eventually(() => (watcher.size === 0 ? true : undefined), 5_000, 'all watches released');
  });

  it('keeps serving requests while streams are open', async () => {
    const id = (await callApp(app, 'POST', '/api/v3.1/tool_router/session', { user_id: 'u' }, key)).json.session_id;
    const { client, streamOpen } = await connectClient(`${server.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key } });
    try {
      await streamOpen;
      const lists = await Promise.all(Array.from({ length: 10 }, () => client.listTools()));
      expect(new Set(lists.map((l) => l.tools.length)).size).toBe(1);
    } finally {
      await client.close();
    }
  });
});
