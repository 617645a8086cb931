import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { checkVaultKey } from './connections/vault/key-check.js';
import { loadMasterKey } from './connections/vault/master-key.js';
import { Sealer } from './connections/vault/sealer.js';
import { ProjectService } from './projects/project-service.js';
import { dataDirMode, prepareDataDir } from './store/data-dir.js';
import { openStore, storeNotice } from './store/open-store.js';

/** `--workers` when not given: one process per core the machine offers. */
export const defaultWorkerCount = (): number => availableParallelism();

/**
 * The first-start work that must happen exactly once, done by the primary before any worker exists:
 * the data directory, the schema, the key file, the vault key record and the first project and its
 * key. Workers then find all of it in place and only open what is there (their own bootstrap is a no-op).
 */
export async function bootstrapOnce(config: Readonly<Config>, print: (line: string) => void): Promise<void> {
  await prepareDataDir(config.dataDir, dataDirMode(config.dataDir, config.workbench.root));
  const notice = storeNotice(config);
  if (notice) print(notice);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    const { key } = await loadMasterKey({ configured: config.encryptionKey, dataDir: config.dataDir });
    await checkVaultKey(store, new Sealer(key));
    const boot = await new ProjectService(store).bootstrap(config.bootstrapApiKey);
    if (boot && config.bootstrapApiKey) print(`Created project "${boot.project.name}" (${boot.project.id}) with the key from TOOLROUTER_API_KEY.`);
    else if (boot) print(`Created project "${boot.project.name}" (${boot.project.id}). Its admin API key, shown only this once:\n  ${boot.key.key}`);
  } finally {
    await store.close();
  }
}

/**
 * The primary of `serve --workers N`: bootstraps once, forks N workers that each run the ordinary
 * server on the same port (node:cluster hands connections out between them), and shares nothing
 * with them but the store. A worker that dies unasked is replaced; SIGINT/SIGTERM are passed on and
 * the primary exits once every worker has shut down cleanly (each flushes its own buffers).
 */
export async function runPrimary(config: Readonly<Config>, log: Logger, workers: number): Promise<void> {
  await bootstrapOnce(config, (line) => console.log(line));
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ worker: worker.process.pid, code, signal }, 'worker exited; starting another');
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers }, 'shutting down the workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
