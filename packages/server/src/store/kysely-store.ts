import type { Kysely } from 'kysely';
import { KyselyAccountRepo } from './accounts-repo.js';
import { KyselyApiKeyRepo } from './api-keys-repo.js';
import { KyselyAuthConfigRepo } from './auth-configs-repo.js';
import type { ChangeFeed } from './changes/change-feed.js';
import { KyselyConnectLinkRepo, KyselyVaultKeyRepo } from './connect-links-repo.js';
import { KyselyConsoleSessionRepo } from './console-sessions-repo.js';
import type { Database } from './database.js';
import { KyselyApprovalRepo, KyselyExecutionLogRepo, KyselyMcpServerRepo, KyselyProjectSettingsRepo, KyselyResultRepo } from './execution-repos.js';
import { KyselyMcpTokenRepo } from './mcp-tokens-repo.js';
import { migrateToLatest } from './migrate.js';
import { KyselyProjectRepo } from './projects-repo.js';
import { KyselySearchRepo } from './search-repo.js';
import { KyselySessionRepo } from './sessions-repo.js';
import type { Store } from './store.js';
import { KyselyToolkitRepo } from './toolkits-repo.js';

export interface KyselyStoreOptions {
  /** PostgreSQL schema holding the tables (and the migration bookkeeping); default: current_schema(). */
  schema?: string;
  /** Builds the change feed; it gets the store's database handle. */
  changes: (db: Kysely<Database>) => ChangeFeed;
}

/** The one implementation of `Store`; the SQLite and PostgreSQL factories differ only in the connection. */
export class KyselyStore implements Store {
  readonly projects: KyselyProjectRepo;
  readonly apiKeys: KyselyApiKeyRepo;
  readonly toolkits: KyselyToolkitRepo;
  readonly sessions: KyselySessionRepo;
  readonly search: KyselySearchRepo;
  readonly mcpTokens: KyselyMcpTokenRepo;
  readonly changes: ChangeFeed;
  readonly executionLogs: KyselyExecutionLogRepo;
  readonly results: KyselyResultRepo;
  readonly approvals: KyselyApprovalRepo;
  readonly mcpServers: KyselyMcpServerRepo;
  readonly projectSettings: KyselyProjectSettingsRepo;
  readonly authConfigs: KyselyAuthConfigRepo;
  readonly accounts: KyselyAccountRepo;
  readonly connectLinks: KyselyConnectLinkRepo;
  readonly vaultKeys: KyselyVaultKeyRepo;
  readonly consoleSessions: KyselyConsoleSessionRepo;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly options: KyselyStoreOptions,
  ) {
    this.projects = new KyselyProjectRepo(db);
    this.apiKeys = new KyselyApiKeyRepo(db);
    this.toolkits = new KyselyToolkitRepo(db);
    this.sessions = new KyselySessionRepo(db);
    this.search = new KyselySearchRepo(db);
    this.mcpTokens = new KyselyMcpTokenRepo(db);
    this.changes = options.changes(db);
    this.executionLogs = new KyselyExecutionLogRepo(db);
    this.results = new KyselyResultRepo(db);
    this.approvals = new KyselyApprovalRepo(db);
    this.mcpServers = new KyselyMcpServerRepo(db);
    this.projectSettings = new KyselyProjectSettingsRepo(db);
    this.authConfigs = new KyselyAuthConfigRepo(db);
    this.accounts = new KyselyAccountRepo(db);
    this.connectLinks = new KyselyConnectLinkRepo(db);
    this.vaultKeys = new KyselyVaultKeyRepo(db);
    this.consoleSessions = new KyselyConsoleSessionRepo(db);
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.db, this.dialect, this.options.schema);
  }

  /** Idempotent: pg's Pool throws when ended twice. */
  close(): Promise<void> {
    this.#closing ??= this.changes.close().then(() => this.db.destroy());
    return this.#closing;
  }
}
