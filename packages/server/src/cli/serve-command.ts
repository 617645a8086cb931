import cluster from 'node:cluster';
import { type Command, InvalidArgumentError } from 'commander';

function workerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server; environment variables configure it (PORT, DATA_DIR, DATABASE_URL, TOOLROUTER_*: see "Configuration" in README.md).')
    .option('--workers <n>', 'server processes sharing the port (node:cluster); default: the number of cores', workerCount)
    .action(async (options: { workers?: number }) => {
      // First thing in a worker: ask whether the primary has bootstrapped (see serve-cluster.ts).
      const { primaryBootstrapped } = await import('../serve-cluster.js');
      const storeReady = primaryBootstrapped();
      // Imported here so that other commands do not load the whole server (see with-runtime.ts);
      // the primary of a cluster never loads it: it only bootstraps and forks, so it starts fast and stays small.
      const [{ loadConfig }, { createLogger }, { defaultWorkerCount, runPrimary }] = await Promise.all([
        import('../config/config.js'),
        import('../log/logger.js'),
        import('../serve-cluster.js'),
      ]);
      const config = loadConfig();
      const log = createLogger(config.logLevel ?? 'info');
      const workers = options.workers ?? defaultWorkerCount();
      if (cluster.isPrimary && workers > 1) return runPrimary(config, log, workers);
      // One process (or a worker of the cluster): the ordinary server. In a worker the primary has
      // already bootstrapped, so startServer's own bootstrap finds the project and does nothing.
      const { startServer, warmSearch } = await import('../serve.js');
      const server = await startServer(config, log, console.log, storeReady);
      void warmSearch(server.runtime, log);
      let stopping = false;
      const stop = (signal: string) => {
        // Once only: Ctrl-C reaches a worker twice (from the terminal and passed on by the primary).
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'error while shutting down');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
