import { availableParallelism } from 'node:os';
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
 * The first-start work that must happen exactly once, done by the first process of `serve --workers N`
 * before any process opens the store for serving: the data directory, the schema, the key file, the vault
 * key record and the first project and its key. The servers then find all of it in place and only open
 * what is there (their own bootstrap is a no-op).
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
