import { type Command, InvalidArgumentError } from 'commander';

function workerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

function idleSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 86_400) throw new InvalidArgumentError('expected a number of seconds from 1 to 86400');
  return n;
}

/** Default of --worker-idle: how long the server must be idle before a process started for load leaves. */
const DEFAULT_WORKER_IDLE_SECONDS = 300;

interface ServeOptions {
  workers?: number;
  minWorkers?: number;
  workerIdle?: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server; environment variables configure it (PORT, DATA_DIR, DATABASE_URL, TOOLROUTER_*: see "Configuration" in README.md).')
    .option('--workers <n>', 'the most server processes sharing the port; default: the number of cores', workerCount)
    .option('--min-workers <n>', 'server processes kept running when idle; the others start while the server is busy (default: 1)', workerCount)
    .option(
      '--worker-idle <seconds>',
      `how long the server must be idle before a process started for load stops (default: ${DEFAULT_WORKER_IDLE_SECONDS})`,
      idleSeconds,
    )
    .action(async (options: ServeOptions) => {
      // First thing in a follower: ask whether the first process has bootstrapped (see serve-followers.ts).
      const group = await import('./serve-followers.js');
      const follower = group.isFollower();
      const firstBootstrapped = group.firstProcessBootstrapped();
      const { bootstrapOnce, defaultWorkerCount } = await import('../serve-cluster.js');
      // Imported here so that other commands do not load the whole server (see with-runtime.ts).
      const [{ loadConfig }, { createLogger }] = await Promise.all([import('../config/config.js'), import('../log/logger.js')]);
      const config = loadConfig();
      const log = createLogger(config.logLevel ?? 'info');
      const minWorkers = options.minWorkers ?? 1;
      // Without --workers, --min-workers alone may ask for more processes than there are cores.
      const workers = options.workers ?? Math.max(defaultWorkerCount(), minWorkers);
      if (minWorkers > workers) {
        console.error(`toolrouter serve: --min-workers (${minWorkers}) is more than --workers (${workers}); lower it or raise --workers.`);
        process.exit(2);
      }
      // The first of several processes bootstraps the store (once, before anyone serves) while it loads the server.
      const forking = !follower && workers > 1;
      const storeReady = forking ? bootstrapOnce(config, console.log) : firstBootstrapped;
      storeReady?.catch(() => {}); // awaited by startServer; a failure before that must not go unhandled
      const { startServer, warmSearch } = await import('../serve.js');
      // A failure here (nothing can serve without the store) ends the command; no follower is forked yet.
      const server = await startServer(config, log, console.log, storeReady, follower ? group.firstProcessPort : undefined);
      // Followers are forked once this process listens: forked at once, they competed with it for the cores
      // while everyone loaded the catalog, and the port answered later (about 2.0 s instead of 1.4 s on 2 cores).
      const limits = { min: minWorkers, max: workers, idleMs: (options.workerIdle ?? DEFAULT_WORKER_IDLE_SECONDS) * 1000 };
      const followers = forking ? new group.Followers(limits, log) : undefined;
      followers?.bootstrapped();
      followers?.listening(server.listener);
      let stopping = false;
      const stop = (signal: string) => {
        // Once only: Ctrl-C reaches a follower twice (from the terminal and passed on by the first process).
        if (stopping) return;
        stopping = true;
        log.info({ signal, ...(followers ? { workers } : {}) }, 'shutting down');
        // The first process exits once it and every follower have shut down cleanly.
        Promise.all([server.close(), followers?.stop(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM')]).then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'error while shutting down');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      // A follower whose first process is gone (killed outright) stops too, as a cluster worker would.
      if (follower) process.once('disconnect', () => stop('disconnect'));
      void warmSearch(server.runtime, log).then(() => {
        // A follower tells the first process it serves; the first one follows the load from now on.
        if (follower) group.serveAsFollower(server.listener, () => stop('retire'));
        followers?.watchLoad();
      });
    });
}
