import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, FORM_BODY_BYTES } from '../../src/http/app.js';
import { wireServices } from '../../src/runtime.js';
import { builtinCatalog, listen, openTestStore } from '../harness.js';
import { streamChunkedBody } from '../helpers/chunked-client.js';

/**
 * Every route stops reading a body at its group's limit, on a real socket: a client streaming a
 * chunked body far past the limit gets a 413 while it has sent only a bounded amount, and the
 * server then closes the connection instead of receiving (or draining) the rest.
 */
const API_LIMIT = 64 * 1024;
/** Far past every limit: a server that reads (or drains) the whole body lets the client send all of it. */
const STREAMED = 96 * 1024 * 1024;
/** What kernel socket buffers on loopback can swallow before the server's answer reaches the client. */
const BOUNDED = 16 * 1024 * 1024;

let server: Awaited<ReturnType<typeof listen>>;
let key: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const { store, dispose } = await openTestStore('sqlite');
  const services = wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: false });
  const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: API_LIMIT });
  server = await listen(app);
  key = (await services.projects.createProject('limits')).key.key;
  close = async () => {
    await server.close();
    await services.shutdown();
    await store.close();
    await dispose();
  };
});

afterAll(async () => close?.());

describe('body limits on every route', () => {
  const routes: Array<[string, string, () => Record<string, string>]> = [
    ['a Connect Link form (unknown token)', '/link/lt_x', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    ['the OAuth callback', '/oauth/callback', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    ['/health', '/health', () => ({})],
    ['an unknown route', '/nowhere', () => ({})],
    ['the API without a key', '/api/v3.1/tool_router/session', () => ({ 'content-type': 'application/json' })],
    ['the API with a key', '/api/v3.1/tool_router/session', () => ({ 'content-type': 'application/json', 'x-api-key': key })],
    [
      'the MCP endpoint',
      '/tool_router/trs_x/mcp',
      () => ({ 'content-type': 'application/json', 'x-api-key': key, accept: 'application/json, text/event-stream' }),
    ],
  ];

  it.each(routes)('%s: 413 after a bounded read of an endless chunked body, then the connection closes', async (_name, path, headers) => {
    const outcome = await streamChunkedBody(server.url, path, headers(), STREAMED);
    expect(outcome.status, outcome.head).toBe(413);
    expect(outcome.sentWhenAnswered).toBeLessThan(BOUNDED);
    expect(outcome.closedEarly).toBe(true);
    expect(outcome.sentTotal).toBeLessThan(BOUNDED);
    expect(outcome.head.toLowerCase()).toContain('connection: close');
  });

  it('a GET carrying an endless body is answered, then its connection closed instead of drained', async () => {
    const outcome = await streamChunkedBody(server.url, '/health', {}, STREAMED, 'GET');
    expect(outcome.status, outcome.head).toBe(200);
    expect(outcome.closedEarly).toBe(true);
    expect(outcome.sentTotal).toBeLessThan(BOUNDED);
  });

  it('a declared Content-Length over the limit is refused unread', async () => {
    const res = await fetch(`${server.url}/link/lt_x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a='.padEnd(FORM_BODY_BYTES + 1, 'x'),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Too large');
    const api = await fetch(`${server.url}/api/v3.1/tool_router/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ user_id: 'x'.repeat(API_LIMIT) }),
    });
    expect(api.status).toBe(413);
    expect(((await api.json()) as { error: { slug: string } }).error.slug).toBe('Request_PayloadTooLarge');
  });

  it('bodies within the limit still go through, chunked or not', async () => {
    const body = JSON.stringify({ user_id: 'within-limit' });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 5)));
        controller.enqueue(new TextEncoder().encode(body.slice(5)));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/api/v3.1/tool_router/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    const form = await fetch(`${server.url}/link/lt_x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'field=value',
    });
    expect(form.status).not.toBe(413);
  });
});
