import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { workerEnv } from './config/worker-env.js';
import { checkVaultKey } from './connections/vault/key-check.js';
import { loadMasterKey } from './connections/vault/master-key.js';
import { Sealer } from './connections/vault/sealer.js';
import { ProjectService } from './projects/project-service.js';
import { dataDirMode, prepareDataDir } from './store/data-dir.js';
import { openStore, storeNotice } from './store/open-store.js';

/** `--workers` when not given: one process per core the machine offers. */
export const defaultWorkerCount = (): number => availableParallelism();

/**
 * The first-start work that must happen exactly once, done by the primary before any worker opens the store:
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

const ASK = 'toolrouter:bootstrapped?';
const TOLD = 'toolrouter:bootstrapped';

/**
 * In a cluster worker: resolves once the primary says the data dir, schema and first project are in
 * place (at once for a worker started after that). Undefined outside a cluster (nothing to wait for).
 * Called first thing, so the question is asked before the worker spends its time loading the server.
 */
export function primaryBootstrapped(): Promise<void> | undefined {
  if (!cluster.isWorker) return undefined;
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== TOLD) return;
      process.off('message', listen);
      resolve();
    };
    process.on('message', listen);
    process.send?.({ type: ASK });
  });
}

/**
 * The primary of `serve --workers N`: forks N workers at once, and bootstraps while they load the
 * server and the catalog (they open the store only when it tells them it is done); workers run the
 * ordinary server on the same port (node:cluster hands connections out between them) and share
 * nothing with the primary but the store. A worker that dies unasked is replaced; SIGINT/SIGTERM are
 * passed on and the primary exits once every worker has shut down cleanly (each flushes its own buffers).
 */
export async function runPrimary(config: Readonly<Config>, log: Logger, workers: number): Promise<void> {
  let bootstrapped = false;
  let stopping = false;
  let failed = false;
  const waiting = new Set<Worker>();
  cluster.on('message', (worker, message: { type?: unknown } | null) => {
    if (message?.type !== ASK) return;
    if (bootstrapped) worker.send({ type: TOLD });
    else waiting.add(worker);
  });
  // Fewer malloc arenas: smaller idle workers (config/worker-env.ts).
  const env = workerEnv();
  const fork = () => cluster.fork(env);
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    waiting.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    log.error({ worker: worker.process.pid, code, signal }, 'worker exited; starting another');
    fork();
  });
  try {
    await bootstrapOnce(config, (line) => console.log(line));
  } catch (error) {
    // Nothing can serve without the store: the workers go, and the error ends the command.
    stopping = true;
    failed = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    throw error;
  }
  bootstrapped = true;
  for (const worker of waiting) worker.send({ type: TOLD });
  waiting.clear();
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers }, 'shutting down the workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
