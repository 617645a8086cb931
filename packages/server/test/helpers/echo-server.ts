import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppliedAuth, CallCredentials, CredentialBroker } from '../../src/connections/credentials.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real loopback HTTP API for execution tests. It echoes what it received, and a few paths
 * misbehave on purpose: /status/{code}, /slow, /big, /redirect?to=URL, /needs-fresh-token.
 */
export async function startEchoServer(): Promise<{ url: string; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(entry);
      const url = new URL(entry.url, 'http://x');
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      const status = url.pathname.match(/^\/status\/(\d{3})$/);
      if (status) {
        const code = Number(status[1]);
        return json(code, { message: `you asked for ${code}`, detail: 'x'.repeat(2000) }, code === 429 ? { 'retry-after': '7' } : {});
      }
      if (url.pathname === '/slow') return void setTimeout(() => json(200, { late: true }), 3_000);
      if (url.pathname === '/big') return json(200, { rows: Array.from({ length: 500 }, (_, i) => ({ i, text: `row ${i}` })) });
      if (url.pathname === '/list') return json(200, [1, 2, 3]);
      if (url.pathname === '/redirect') {
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
        return void res.end();
      }
      if (url.pathname === '/needs-fresh-token') {
        return req.headers.authorization === 'Bearer fresh' ? json(200, { ok: true }) : json(401, { message: 'token expired' });
      }
      let body: unknown = entry.body;
      try {
        body = entry.body ? JSON.parse(entry.body) : null;
      } catch {
        // not JSON: echo the text
      }
      json(200, { method: entry.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    });
  });
  // The echo server shares its event loop with the server under test: after a long synchronous step
  // (the first search builds its index) both keep-alive timers fire late and in any order, and a
  // 5 s server-side timeout could close a socket just as the client reuses it for a POST. A real
  // upstream runs on its own loop; the client's side of this is tested in net/guarded-fetch.test.ts.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A test double of our own credential seam (connections/credentials.ts): it hands out fixed
 * credentials for every toolkit and can renew once after a 401. The real broker lives with the
 * connections module; this only lets execution tests check how each AppliedAuth is applied.
 */
export class FixedCredentials implements CredentialBroker {
  auth: AppliedAuth;
  renewed: AppliedAuth | undefined;
  renewCalls = 0;
  requests: Array<{ toolkit: string; account: string | undefined }> = [];

  constructor(auth: AppliedAuth, renewed?: AppliedAuth) {
    this.auth = auth;
    this.renewed = renewed;
  }

  async credentialsFor(request: Parameters<CredentialBroker['credentialsFor']>[0]): Promise<CallCredentials> {
    this.requests.push({ toolkit: request.toolkit.slug, account: request.account });
    if (request.toolkit.auth_schemes.every((s) => s.mode === 'NO_AUTH')) return { connectedAccountId: null, auth: { mode: 'NO_AUTH' } };
    return { connectedAccountId: 'ca_test1', auth: this.auth };
  }

  async renewAfterUnauthorized(): Promise<CallCredentials | undefined> {
    this.renewCalls += 1;
    return this.renewed && { connectedAccountId: 'ca_test1', auth: this.renewed };
  }
}

/** An OpenAPI document for the echo server covering every parameter location. */
export function echoSpec(baseUrl: string) {
  const get = (summary: string) => ({ get: { summary, responses: { '200': { description: 'ok' } } } });
  return {
    openapi: '3.0.3',
    info: { title: 'Echo', version: '1' },
    servers: [{ url: baseUrl }],
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    security: [{ token: [] }],
    paths: {
      '/things/{thingId}': {
        post: {
          summary: 'Create thing',
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
            { name: 'labels', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, size: { type: 'integer', maximum: 10 } } },
              },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
        get: {
          summary: 'Read thing',
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/status/{code}': {
        post: {
          summary: 'Fail with status',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/slow': get('Slow read'),
      '/big': get('Big read'),
      '/list': get('List numbers'),
      '/redirect': {
        get: {
          summary: 'Follow redirect',
          parameters: [{ name: 'to', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/needs-fresh-token': get('Needs fresh token'),
    },
  };
}
