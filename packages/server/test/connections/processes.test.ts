import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServer } from '../harness.js';
import { type ServerProcess, startServerProcess } from '../helpers/processes.js';
import { connectClient, eventually } from '../mcp-harness.js';
import { Browser } from './browser.js';

/**
 * Two server processes, as `npm start` runs them, on one SQLite file (one DATA_DIR): an account
 * connected through one process wakes COMPOSIO_WAIT_FOR_CONNECTIONS and an MCP stream held by the
 * other. Nothing in memory is shared; the store's change feed is the only way across.
 */
const KEY = 'trk_two_processes_key_0123456789abcdef';
const BASE = '/api/v3.1/tool_router/session';
let dataDir: string;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-processes-'));
  // A creates the database, the project and the key file; B then opens the same ones.
  a = await startServerProcess({ DATA_DIR: dataDir, TOOLROUTER_API_KEY: KEY });
  b = await startServerProcess({ DATA_DIR: dataDir });
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (server: ServerProcess, method: string, url: string, body?: unknown) => callServer(server.url, method, url, body, KEY);

describe('connections across two processes on one SQLite file', () => {
  it('a connection made through one process wakes a WAIT and an MCP stream held by the other', async () => {
    const created = await call(b, 'POST', BASE, { user_id: 'erin', toolkits: ['openweather'], manage_connections: { enable_wait_for_connections: true } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.session_id as string;

    const { client, streamOpen } = await connectClient(`${b.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': KEY } });
    let notified = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      notified++;
    });
    try {
      await streamOpen;
      const link = await call(b, 'POST', `${BASE}/${id}/link`, { toolkit: 'openweather' });
      expect(link.status).toBe(201);
      const started = Date.now();
      const waiting = call(b, 'POST', `${BASE}/${id}/execute`, {
        tool_slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS',
        arguments: { toolkits: ['openweather'], timeout_seconds: 60 },
      });
      // Let the wait read the state and start listening before the user connects.
      await new Promise((r) => setTimeout(r, 500));

      // The user opens the link and submits the form on process A.
      const browser = new Browser();
      const form = await browser.go(String(link.json.redirect_url).replace(b.url, a.url));
      expect(form.url.startsWith(a.url)).toBe(true);
      const done = await browser.submit(form, { api_key: 'erin-weather-key-000000' });
      expect(done.status, done.html.slice(0, 300)).toBe(200);

      const waited = (await waiting).json;
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(waited.error).toBeNull();
      expect(waited.data.results.openweather).toMatchObject({
        status: 'ACTIVE',
        has_active_connection: true,
        connected_account_id: link.json.connected_account_id,
      });
      await eventually(() => (notified > 0 ? true : undefined), 10_000, 'list_changed on the other process');
    } finally {
      await client.close();
    }
  });
});
