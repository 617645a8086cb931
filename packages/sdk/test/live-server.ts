import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { createApp } from '../../server/src/http/app.js';
import { type Services, wireServices } from '../../server/src/runtime.js';
import { builtinCatalog, openTestStore, type StoreKind } from '../../server/test/harness.js';

/**
 * The real Tool Router server, wired as in production, listening on a loopback port, with a fresh
 * store and one project. SDK tests talk to it over real HTTP exactly as an application would.
 */
export interface LiveServer {
  url: string;
  apiKey: string;
  services: Services;
  close(): Promise<void>;
}

export async function startLiveServer(opts: { store?: StoreKind; egressAllow?: string[] } = {}): Promise<LiveServer> {
  const { store, dispose } = await openTestStore(opts.store ?? 'sqlite');
  const services = wireServices(store, await builtinCatalog(), {
    egressAllow: opts.egressAllow ?? ['127.0.0.1', 'localhost'],
    searchLearning: true,
    masterKey: randomBytes(32),
  });
  const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1024 * 1024 });
  const { key } = await services.projects.createProject('sdk-tests');
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: key.key,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive; end them so close() does not wait for their idle timeout.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await services.shutdown();
      await store.close();
      await dispose();
    },
  };
}
