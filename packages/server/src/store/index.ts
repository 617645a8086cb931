// Public surface of the persistence layer; the repos and migrations stay internal.

export { KyselyStore, type KyselyStoreOptions } from './kysely-store.js';
export { openStore } from './open-store.js';
export { openPostgresStore } from './postgres.js';
export { openSqliteStore } from './sqlite.js';
export type * from './store.js';
