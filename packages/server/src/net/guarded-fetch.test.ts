import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ToolRouterError } from '@toolrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch, NetworkError } from './index.js';
import { initialRequest, redirectRequest } from './request.js';

/** A real loopback server that records what it received. */
interface TestServer {
  port: number;
  url: string;
  requests: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[];
}

const servers: Server[] = [];

async function startServer(handler: RequestListener, host = '127.0.0.1'): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const h = host.includes(':') ? `[${host}]` : host;
  return { port, url: `http://${h}:${port}`, requests };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const ok: RequestListener = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ hello: 'world' }));
};

const redirectTo =
  (location: string, status = 302): RequestListener =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('location', location);
    res.end();
  };

/** Runs `promise` expecting a rejection, and returns the error. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

async function expectDenied(promise: Promise<unknown>, ...mentions: string[]): Promise<ToolRouterError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ToolRouterError);
  const denied = error as ToolRouterError;
  expect(denied.code).toBe('EGRESS_DENIED');
  for (const m of mentions) expect(`${denied.message} ${denied.suggestedFix ?? ''}`).toContain(m);
  return denied;
}

async function expectNetworkError(promise: Promise<unknown>, kind: NetworkError['kind']): Promise<NetworkError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).kind).toBe(kind);
  return error as NetworkError;
}

describe('guardedFetch: private addresses', () => {
  it('fetches from loopback when 127.0.0.1 is allowlisted', async () => {
    const server = await startServer(ok);
    const res = await createGuardedFetch({ allow: ['127.0.0.1'] })(`${server.url}/x?y=1`);
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.json()).toEqual({ hello: 'world' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.url).toBe(`${server.url}/x?y=1`);
    expect(server.requests[0]?.url).toBe('/x?y=1');
  });

  it('accepts a CIDR allowlist', async () => {
    const server = await startServer(ok);
    const res = await createGuardedFetch({ allow: '127.0.0.0/8' })(server.url);
    expect(res.status).toBe(200);
  });

  it('refuses loopback without an allowlist, and no request is sent', async () => {
    const server = await startServer(ok);
    await expectDenied(createGuardedFetch()(server.url), '127.0.0.1', 'TOOLROUTER_EGRESS_ALLOW');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a hostname that resolves to loopback (localhost)', async () => {
    const server = await startServer(ok);
    await expectDenied(createGuardedFetch()(`http://localhost:${server.port}/`), 'localhost', 'TOOLROUTER_EGRESS_ALLOW');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a public-looking name whose DNS answer is loopback', async () => {
    const server = await startServer(ok);
    const lookup = async () => ['127.0.0.1'];
    await expectDenied(createGuardedFetch({ lookup })(`http://evil.example:${server.port}/`), 'evil.example', '127.0.0.1');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses when any one of several DNS answers is private', async () => {
    const lookup = async () => ['93.184.215.14', '10.0.0.5'];
    await expectDenied(createGuardedFetch({ lookup })('http://mixed.example/'), '10.0.0.5');
  });

  it('pins the connection to the checked address (no second DNS lookup)', async () => {
    const server = await startServer(ok);
    let calls = 0;
    // A rebinding resolver: the first answer is the allowlisted one, later ones are not.
    const lookup = async () => (++calls === 1 ? ['127.0.0.1'] : ['10.0.0.1']);
    const res = await createGuardedFetch({ allow: ['127.0.0.1'], lookup })(`http://evil.example:${server.port}/`);
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(server.requests[0]?.headers.host).toBe(`evil.example:${server.port}`);
  });

  it('allows a hostname allowlisted by name, and per-call allowlists add to the operator one', async () => {
    const server = await startServer(ok);
    const lookup = async () => ['127.0.0.1'];
    const guarded = createGuardedFetch({ lookup });
    expect((await guarded(`http://svc.internal:${server.port}/`, { allow: ['svc.internal'] })).status).toBe(200);
    await expectDenied(guarded(`http://svc.internal:${server.port}/`));
  });

  it('keeps per-call allowlists apart however often they are used (each spelling is parsed once and remembered)', async () => {
    const server = await startServer(ok);
    const guarded = createGuardedFetch();
    for (let i = 0; i < 3; i++) {
      expect((await guarded(server.url, { allow: ['127.0.0.1'] })).status).toBe(200);
      expect((await guarded(server.url, { allow: '127.0.0.0/8' })).status).toBe(200);
      await expectDenied(guarded(server.url, { allow: ['10.0.0.1'] }), '127.0.0.1');
      await expectDenied(guarded(server.url), '127.0.0.1');
      // An invalid list is refused every time, not remembered as an empty one.
      expect(((await failure(guarded(server.url, { allow: ['not a host'] }))) as ToolRouterError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('handles IPv6 loopback', async () => {
    const server = await startServer(ok, '::1');
    expect((await createGuardedFetch({ allow: ['::1'] })(server.url)).status).toBe(200);
    await expectDenied(createGuardedFetch()(server.url), '::1');
    await expectDenied(createGuardedFetch({ allow: ['127.0.0.1'] })(server.url), '::1');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses non-http schemes and URLs with credentials', async () => {
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    await expectDenied(guarded('file:///etc/passwd'), 'file:');
    await expectDenied(guarded('http://user:pass@127.0.0.1/'), 'credentials');
    await expectDenied(guarded('not a url'));
  });
});

// Self-signed, for evil.example; never trusted, which is the point of the TLS test.
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5WLxAbMNKNN0LJ9d
1HzYnBtTVEc29qvmPlsDozVeOp6hRANCAASXaL1Y000qB/coD/yPjBX3eCF9m2Eb
ITas4vWA6PppHZ2Frs3nVQRqVhHJyY/JP1xBJNtmG3ervPNAlRrvYCmc
-----END PRIVATE KEY-----`;
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBnjCCAUSgAwIBAgIUXNfZCJj8xyvVovty3lnq58iuhCIwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMZXZpbC5leGFtcGxlMCAXDTI2MTEyMTE0MjMxOVoYDzIxMjYx
MDI4MTQyMzE5WjAXMRUwEwYDVQQDDAxldmlsLmV4YW1wbGUwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASXaL1Y000qB/coD/yPjBX3eCF9m2EbITas4vWA6PppHZ2F
rs3nVQRqVhHJyY/JP1xBJNtmG3ervPNAlRrvYCmco2wwajAdBgNVHQ4EFgQU5iNx
bQHb2wKCQKfkodcAUj6mKPswHwYDVR0jBBgwFoAU5iNxbQHb2wKCQKfkodcAUj6m
KPswDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxldmlsLmV4YW1wbGUwCgYI
KoZIzj0EAwIDSAAwRQIhAJdr3E9ZK32SfeX/1fVdS04eaGJA8f2efKuXUJSd0ab3
AiBUaT5WmuPhRzmPcIdvtC8+J5e7rwKB2mqpj0qVN5h0TQ==
-----END CERTIFICATE-----`;

describe('guardedFetch: TLS', () => {
  it('connects to the pinned address but verifies the certificate and sends SNI for the hostname', async () => {
    const sni: string[] = [];
    const server = createHttpsServer(
      {
        key: TLS_KEY,
        cert: TLS_CERT,
        SNICallback: (name, cb) => {
          sni.push(name);
          cb(null, undefined);
        },
      },
      ok,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const guarded = createGuardedFetch({ allow: ['127.0.0.1'], lookup: async () => ['127.0.0.1'] });
      const error = await expectNetworkError(guarded(`https://evil.example:${port}/`), 'connection');
      expect(error.message).toMatch(/SELF_SIGNED|CERT/);
      expect(sni).toEqual(['evil.example']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a redirect that downgrades https to http', () => {
    // Exercised on the request-shaping level: a local https origin would need a trusted cert.
    const req = initialRequest('GET', { authorization: 'x' }, undefined);
    expect(() => redirectRequest(req, 302, new URL('https://a.example/'), new URL('http://a.example/'))).toThrow(ToolRouterError);
  });
});

describe('guardedFetch: allowedHosts and redirects', () => {
  it('refuses a URL outside allowedHosts', async () => {
    const server = await startServer(ok);
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    await expectDenied(guarded(server.url, { allowedHosts: ['api.example.com'] }), '127.0.0.1', 'api.example.com');
    const res = await guarded(server.url, { allowedHosts: ['https://127.0.0.1/base'] });
    expect(res.status).toBe(200);
  });

  it('refuses a redirect to the cloud metadata address before any request goes out', async () => {
    const server = await startServer(redirectTo('http://169.254.169.254/latest/meta-data'));
    const denied = await expectDenied(
      createGuardedFetch({ allow: ['127.0.0.1'], timeoutMs: 5_000 })(server.url),
      'Redirect',
      '169.254.169.254',
      'TOOLROUTER_EGRESS_ALLOW',
    );
    expect(denied.status).toBe(403);
  });

  it('refuses a redirect to a host outside allowedHosts', async () => {
    const other = await startServer(ok);
    const server = await startServer(redirectTo(`http://localhost:${other.port}/steal`));
    const guarded = createGuardedFetch({ allow: ['127.0.0.1', 'localhost'] });
    await expectDenied(guarded(server.url, { allowedHosts: ['127.0.0.1'] }), 'Redirect', 'localhost');
    expect(other.requests).toHaveLength(0);
  });

  it('follows same-origin redirects, keeping credentials', async () => {
    const server = await startServer((req, res) => (req.url === '/final' ? ok(req, res) : redirectTo('/final', 301)(req, res)));
    const res = await createGuardedFetch({ allow: ['127.0.0.1'] })(`${server.url}/start`, {
      headers: { authorization: 'Bearer same-origin' },
      allowedHosts: ['127.0.0.1'],
    });
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`${server.url}/final`);
    expect(server.requests[1]?.headers.authorization).toBe('Bearer same-origin');
  });

  it('strips credentials on a cross-origin redirect between allowlisted servers', async () => {
    const target = await startServer(ok);
    const origin = await startServer(redirectTo(`${target.url}/landing`, 307));
    const res = await createGuardedFetch({ allow: ['127.0.0.1'] })(origin.url, {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: {
        authorization: 'Bearer secret',
        cookie: 'session=secret',
        'x-api-key': 'secret',
        'proxy-authorization': 'Basic secret',
        accept: 'application/json',
        'content-type': 'application/json',
      },
    });
    expect(res.status).toBe(200);
    expect(origin.requests[0]?.headers.authorization).toBe('Bearer secret');
    const landed = target.requests[0];
    expect(landed?.method).toBe('POST'); // 307 keeps method and body
    expect(landed?.body).toBe('{"a":1}');
    expect(landed?.headers.authorization).toBeUndefined();
    expect(landed?.headers.cookie).toBeUndefined();
    expect(landed?.headers['x-api-key']).toBeUndefined();
    expect(landed?.headers['proxy-authorization']).toBeUndefined();
    expect(landed?.headers.accept).toBe('application/json');
    expect(landed?.headers['content-type']).toBe('application/json');
  });

  it('turns POST into GET on 303 and drops the body', async () => {
    const server = await startServer((req, res) => (req.url === '/done' ? ok(req, res) : redirectTo('/done', 303)(req, res)));
    await createGuardedFetch({ allow: ['127.0.0.1'] })(server.url, { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
    expect(server.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(server.requests[1]).toMatchObject({ method: 'GET', body: '' });
    expect(server.requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('gives up after 5 redirects', async () => {
    let n = 0;
    const server = await startServer((_req, res) => redirectTo(`/r${++n}`)(_req, res));
    await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'] })(server.url), 'too_many_redirects');
    expect(server.requests).toHaveLength(6);
  });
});

describe('guardedFetch: stale keep-alive sockets', () => {
  it('retries an idempotent request once when a reused socket turns out to be closed', async () => {
    const used = new WeakSet<object>();
    let dropped = 0;
    const server = await startServer((req, res) => {
      // The second request on a kept-alive socket finds it "closed by the server while idle".
      if (used.has(req.socket)) {
        dropped += 1;
        req.socket.destroy();
        return;
      }
      used.add(req.socket);
      ok(req, res);
    });
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    expect((await guarded(`${server.url}/a`)).status).toBe(200);
    expect((await guarded(`${server.url}/b`)).status).toBe(200);
    expect(dropped).toBe(1);
  });

  it("closes an idle pooled socket before the server's announced keep-alive timeout, so a POST never meets it closing", async () => {
    const server = await startServer(ok);
    const raw = servers.at(-1)!;
    raw.keepAliveTimeout = 2_000; // announced as `Keep-Alive: timeout=2`, and closed by the server then
    const closedAfter: number[] = [];
    raw.on('connection', (socket) => {
      const opened = Date.now();
      socket.on('close', () => closedAfter.push(Date.now() - opened));
    });
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    expect((await guarded(`${server.url}/a`, { method: 'POST', body: '{}' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // The client dropped the socket about a second before the server's two (it would otherwise wait for them).
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(1_700);
  });
});

describe('guardedFetch: limits', () => {
  const big = 'x'.repeat(10_000);

  it('caps the response size (Content-Length)', async () => {
    const server = await startServer((_req, res) => res.end(big));
    const error = await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'], maxResponseBytes: 1000 })(server.url), 'too_large');
    expect(error.message).toContain('1000 bytes');
  });

  it('caps the response size (chunked) and honours a per-call limit', async () => {
    const server = await startServer((_req, res) => {
      for (let i = 0; i < 10; i++) res.write(big);
      res.end();
    });
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    await expectNetworkError(guarded(server.url, { maxResponseBytes: 50_000 }), 'too_large');
    expect((await guarded(server.url, { maxResponseBytes: 100_000 })).body.length).toBe(100_000);
  });

  it('decodes gzip and caps the decoded size', async () => {
    const server = await startServer((req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(req.url === '/bomb' ? Buffer.alloc(5_000_000) : JSON.stringify({ zipped: true })));
    });
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'], maxResponseBytes: 100_000 });
    const res = await guarded(server.url);
    expect(res.json()).toEqual({ zipped: true });
    expect(res.headers.get('content-encoding')).toBeNull();
    await expectNetworkError(guarded(`${server.url}/bomb`), 'too_large');
  });

  it('times out when the server never answers', async () => {
    const server = await startServer(() => {});
    const started = Date.now();
    const error = await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'], timeoutMs: 200 })(server.url), 'timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toContain('200 ms');
  });

  it('times out when the body stalls', async () => {
    const server = await startServer((_req, res) => res.write('partial'));
    await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'] })(server.url, { timeoutMs: 200 }), 'timeout');
  });

  it('reports a caller abort as aborted', async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'] })(server.url, { signal: controller.signal }), 'aborted');
  });

  it('reports a caller abort while the body is read as aborted, and a signal aborted before the call at once', async () => {
    const server = await startServer((_req, res) => res.write('partial'));
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectNetworkError(guarded(server.url, { signal: controller.signal }), 'aborted');
    await expectNetworkError(guarded(server.url, { signal: AbortSignal.abort() }), 'aborted');
  });

  it('refuses a body cut short by the server rather than passing it as whole', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"cut":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'] })(server.url), 'connection');
  });

  it('reports connection failures as connection errors', async () => {
    const server = await startServer(ok);
    const port = server.port;
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 20));
    await expectNetworkError(createGuardedFetch({ allow: ['127.0.0.1'] })(`http://127.0.0.1:${port}/`), 'connection');
  });
});
