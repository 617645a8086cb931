import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { startServer } from '../serve.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server; environment variables configure it (PORT, DATA_DIR, DATABASE_URL, TOOLROUTER_*: see "Configuration" in README.md).')
    .action(async () => {
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
