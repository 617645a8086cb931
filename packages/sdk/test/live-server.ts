import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { ProjectService } from '../../server/src/projects/project-service.js';
import { createTestApp, openTestStore, type StoreKind } from '../../server/test/harness.js';

/**
 * The real Tool Router server, listening on a loopback port, with a fresh store and one project.
 * SDK tests talk to it over real HTTP exactly as an application would; nothing is mocked.
 */
export interface LiveServer {
  url: string;
  apiKey: string;
  projects: ProjectService;
  close(): Promise<void>;
}

export async function startLiveServer(opts: { store?: StoreKind; egressAllow?: string[] } = {}): Promise<LiveServer> {
  const { store, dispose } = await openTestStore(opts.store ?? 'sqlite');
  const app = await createTestApp(store, opts.egressAllow ?? ['127.0.0.1', 'localhost']);
  const projects = new ProjectService(store);
  const { key } = await projects.createProject('sdk-tests');
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: key.key,
    projects,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive; end them so close() does not wait for their idle timeout.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await store.close();
      await dispose();
    },
  };
}
