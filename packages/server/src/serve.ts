import type { Logger } from 'pino';
import { releaseSearchText } from './catalog/compiled/search-text-store.js';
import type { Config } from './config/config.js';
import { createApp } from './http/app.js';
import { type HttpServer, listenHttp, stopGracefully } from './http/listener.js';
import { collectGarbageNow } from './idle-gc.js';
import { createRuntime, type Runtime } from './runtime.js';

/** How many projects get their search index built right after start-up (the rest build on their first search). */
const WARM_PROJECTS = 4;

/**
 * Builds the search indexes of the first projects in the background once the server listens: a
 * full catalog's index takes a second or more of CPU, which the first search would otherwise wait
 * for. Searches arriving meanwhile wait for the build under way, so they see the whole index.
 * `toolrouter serve` calls it; tests and embedders that start a server keep their CPU.
 */
export async function warmSearch(runtime: Runtime, log: Logger): Promise<void> {
  const started = performance.now();
  try {
    const projects = (await runtime.store.projects.list()).slice(0, WARM_PROJECTS).map((p) => p.id);
    await runtime.search.warm(projects);
    // The argument words are in the indexes now; the garbage of loading and building goes with them.
    releaseSearchText();
    collectGarbageNow();
    log.info({ projects: projects.length, ms: Math.round(performance.now() - started) }, 'search index warmed');
  } catch (err) {
    log.warn({ err }, 'could not build the search index ahead; it builds on the first search');
  }
}

export interface RunningServer {
  url: string;
  runtime: Runtime;
  /** The HTTP server: the first process of `serve --workers N` hands followers connections it accepts there. */
  listener: HttpServer;
  close(): Promise<void>;
}

/**
 * Opens the store, creates the first project on an empty database, and listens. With
 * TOOLROUTER_API_KEY set, that value becomes the first project's key; otherwise a key is
 * generated and printed once.
 */
export async function startServer(
  config: Readonly<Config>,
  log: Logger,
  print: (line: string) => void = console.log,
  /** With `serve --workers N`: settles when the first process has bootstrapped the store (the catalog loads meanwhile). */
  storeReady?: Promise<void>,
  /** In a follower of `serve --workers N`: the first process's port; the follower is handed connections, it binds nothing. */
  firstProcessPort?: () => Promise<number>,
): Promise<RunningServer> {
  const runtime = await createRuntime(config, log, print, storeReady);
  const boot = await runtime.projects.bootstrap(config.bootstrapApiKey);
  if (boot) {
    if (config.bootstrapApiKey) {
      print(`Created project "${boot.project.name}" (${boot.project.id}) with the key from TOOLROUTER_API_KEY.`);
    } else {
      print(`Created project "${boot.project.name}" (${boot.project.id}). Its admin API key, shown only this once:`);
      print(`  ${boot.key.key}`);
    }
  }

  // Keep tokens fresh in the background; every instance may sweep (the refresh lease dedupes).
  runtime.refreshSweep.start();
  const app = createApp({ ...runtime, log, publicUrl: config.publicUrl, maxBodyBytes: config.maxBodyBytes, authFailures: config.authFailures });

  const fedPort = await firstProcessPort?.();
  const server = await listenHttp(app, { port: fedPort ?? config.port, host: config.host, fed: fedPort !== undefined });
  const address = server.address();
  const port = fedPort ?? (typeof address === 'object' && address ? address.port : config.port);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  print(`Tool Router listening on ${url} (${runtime.store.dialect} store)`);
  // Checked in the background: a server without bubblewrap still serves; the workbench tools then explain why they cannot run.
  void runtime.workbench
    .readiness()
    .then((r) =>
      r.ready
        ? log.info({ bwrap: r.bwrap, python: r.python }, 'workbench ready')
        : log.warn({ problems: r.problems }, 'workbench unavailable: COMPOSIO_REMOTE_WORKBENCH and COMPOSIO_REMOTE_BASH_TOOL will answer with the reason'),
    );

  return {
    url,
    runtime,
    listener: server,
    close: async () => {
      // Requests in flight finish (and write their logs) before the store closes.
      await stopGracefully(server, config.shutdownGraceMs);
      await runtime.close();
    },
  };
}
