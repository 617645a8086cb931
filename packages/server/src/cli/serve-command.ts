import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server; environment variables configure it (PORT, DATA_DIR, DATABASE_URL, TOOLROUTER_*: see "Configuration" in README.md).')
    .action(async () => {
      // Imported here so that other commands do not load the whole server (see with-runtime.ts).
      const [{ loadConfig }, { createLogger }, { startServer }] = await Promise.all([
        import('../config/config.js'),
        import('../log/logger.js'),
        import('../serve.js'),
      ]);
      const config = loadConfig();
      const log = createLogger(config.logLevel ?? 'info');
      const server = await startServer(config, log);
      const stop = (signal: string) => {
        log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'error while shutting down');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
