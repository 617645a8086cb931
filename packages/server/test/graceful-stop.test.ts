import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { listenHttp, stopGracefully } from '../src/http/listener.js';

/**
 * What SIGTERM does to the listener: requests in flight are answered, idle keep-alive connections
 * do not hold the stop, and a connection that never finishes (an event stream) is cut after the grace.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(port: number, path: string, agent = false as const) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { connection: 'keep-alive' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function start() {
  const app = new Hono();
  app.get('/slow', async (c) => {
    await sleep(400);
    return c.text('done');
  });
  app.get('/fast', (c) => c.text('ok'));
  app.get('/forever', () => new Response(new ReadableStream({ start() {} }), { headers: { 'content-type': 'text/event-stream' } }));
  const server = await listenHttp(app, { port: 0, host: '127.0.0.1' });
  return { server, port: (server.address() as AddressInfo).port };
}

describe('stopping the listener', () => {
  it('answers the request in flight, then stops although a keep-alive connection sits idle', async () => {
    const { server, port } = await start();
    // An idle keep-alive connection: a finished request on a kept socket.
    const { Agent } = await import('node:http');
    const keep = new Agent({ keepAlive: true });
    await new Promise<void>((resolve) => httpRequest({ host: '127.0.0.1', port, path: '/fast', agent: keep }, (res) => res.resume().on('end', resolve)).end());
    const slow = get(port, '/slow');
    await sleep(50);
    const started = performance.now();
    await stopGracefully(server, 5_000);
    const stoppedAfter = performance.now() - started;
    expect(await slow).toEqual({ status: 200, body: 'done' });
    // Well before the grace: the idle connection did not hold it up.
    expect(stoppedAfter).toBeLessThan(4_000);
    await expect(get(port, '/fast')).rejects.toThrow();
    keep.destroy();
  });

  it('cuts a connection that never finishes once the grace has passed', async () => {
    const { server, port } = await start();
    const stream = get(port, '/forever').catch((error: Error) => error);
    await sleep(100);
    await stopGracefully(server, 300);
    expect(await stream).toBeInstanceOf(Error);
  });
});
