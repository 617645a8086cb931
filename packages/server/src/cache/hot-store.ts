import { BatchWriter, type BatchWriterOptions } from '../store/log-batches.js';
import type { AccountRepo, AuthConfigRepo, ExecutionLogRepo, ProjectSettingsRepo, SearchLogEntry, SearchRepo, Store, ToolkitRepo } from '../store/store.js';
import { HotReads } from './hot-reads.js';

export interface HotStoreOptions {
  /** Log batching; undefined writes each log before the call that wrote it goes on. */
  batches?: Omit<BatchWriterOptions, 'onError'>;
  onLogWriteError: (error: unknown, lost: number) => void;
}

/** Batching for the logs of one instance: every 100 ms, 500 entries per transaction, 20,000 waiting at most. */
export const LOG_BATCHES: Omit<BatchWriterOptions, 'onError'> = { intervalMs: 100, maxBatch: 500, maxQueued: 20_000 };

/**
 * The store as the services of one instance see it: the same repositories, with the hot reads
 * served from memory (cache/hot-reads.ts), search logs written in batches, and every read of a log
 * preceded by a flush of what this instance still holds, so a log is found right after its call.
 * (Execution logs are batched by the ExecutionLogger, which scrubs them first; it registers its
 * flush with `flushBeforeLogReads`.)
 */
export class HotStore {
  readonly store: Store;
  readonly hot: HotReads;
  readonly #searchLogs: BatchWriter<SearchLogEntry>;
  readonly #flushers: Array<() => Promise<void>> = [];
  readonly #usageFlushers: Array<() => Promise<void>> = [];

  constructor(raw: Store, options: HotStoreOptions) {
    this.hot = new HotReads(raw.changes);
    const batches = options.batches ?? { intervalMs: 0, maxBatch: 500, maxQueued: 1 };
    this.#searchLogs = new BatchWriter((batch) => raw.search.log(batch), { ...batches, onError: options.onLogWriteError });
    this.#flushers.push(() => this.#searchLogs.flush());
    const flushLogs = () => this.flushLogs();
    this.store = {
      dialect: raw.dialect,
      projects: raw.projects,
      apiKeys: raw.apiKeys,
      toolkits: announcedToolkits(raw, this.hot),
      sessions: raw.sessions,
      search: searchWithBatches(raw.search, this.#searchLogs, !options.batches, () => this.#flushUsage()),
      mcpTokens: raw.mcpTokens,
      changes: raw.changes,
      executionLogs: executionLogsAfterFlush(raw.executionLogs, flushLogs, batches.intervalMs * 3),
      results: raw.results,
      approvals: raw.approvals,
      mcpServers: raw.mcpServers,
      projectSettings: cachedSettings(raw, this.hot),
      authConfigs: announcedAuthConfigs(raw, this.hot),
      accounts: announcedAccounts(raw, this.hot),
      connectLinks: raw.connectLinks,
      vaultKeys: raw.vaultKeys,
      consoleSessions: raw.consoleSessions,
      migrate: () => raw.migrate(),
      close: async () => {
        await this.close();
        await raw.close();
      },
    };
  }

  /** Adds a flush that every log read waits for (the execution logger's queue). */
  flushBeforeLogReads(flush: () => Promise<void>): void {
    this.#flushers.push(flush);
  }

  /** Adds a flush that reads of learned (query, tool) pairs wait for (the deferred learning's queue). */
  flushBeforeUsageReads(flush: () => Promise<void>): void {
    this.#usageFlushers.push(flush);
  }

  async #flushUsage(): Promise<void> {
    await Promise.all(this.#usageFlushers.map((flush) => flush()));
  }

  async flushLogs(): Promise<void> {
    await Promise.all(this.#flushers.map((flush) => flush()));
  }

  /** Writes what is queued and stops watching the feed; the raw store stays open. */
  async close(): Promise<void> {
    await this.#searchLogs.close();
    await Promise.all([this.flushLogs(), this.#flushUsage()]);
    this.hot.close();
  }
}

function searchWithBatches(raw: SearchRepo, batch: BatchWriter<SearchLogEntry>, writeThrough: boolean, flushUsage: () => Promise<void>): SearchRepo {
  return {
    log: async (entries) => {
      for (const entry of entries) await batch.add(entry);
      if (writeThrough) await batch.flush();
    },
    recentForSession: async (...args) => {
      await batch.flush();
      return raw.recentForSession(...args);
    },
    listLog: async (...args) => {
      await batch.flush();
      return raw.listLog(...args);
    },
    recordUsage: (...args) => raw.recordUsage(...args),
    recordUsageMany: (...args) => raw.recordUsageMany(...args),
    usageSince: async (...args) => {
      await flushUsage();
      return raw.usageSince(...args);
    },
    pruneUsage: (...args) => raw.pruneUsage(...args),
  };
}

function executionLogsAfterFlush(raw: ExecutionLogRepo, flush: () => Promise<void>, otherInstanceWaitMs: number): ExecutionLogRepo {
  return {
    append: (entries) => raw.append(entries),
    get: async (...args) => {
      await flush();
      const found = await raw.get(...args);
      if (found || otherInstanceWaitMs === 0) return found;
      // Another instance (or `serve` worker) may have answered the call and still hold its entry
      // for up to one batch interval: look once more after it has had time to write.
      await new Promise((resolve) => setTimeout(resolve, otherInstanceWaitMs));
      return raw.get(...args);
    },
    list: async (...args) => {
      await flush();
      return raw.list(...args);
    },
  };
}

/** Settings are read on every call (the egress allowlist); a change is announced to every instance. */
function cachedSettings(raw: Store, hot: HotReads): ProjectSettingsRepo {
  const changed = async (projectId: string) => {
    hot.projectSettings.delete(projectId);
    await raw.changes.publish({ kind: 'project_settings_changed', project_id: projectId }).catch(() => undefined);
  };
  return {
    get: async (projectId) => (await hot.projectSettings.load(projectId, () => raw.projectSettings.get(projectId)))!,
    setEgressAllow: async (projectId, entries) => {
      await raw.projectSettings.setEgressAllow(projectId, entries);
      await changed(projectId);
    },
    setWebhookSecret: async (projectId, sealed, replace) => {
      const inForce = await raw.projectSettings.setWebhookSecret(projectId, sealed, replace);
      await changed(projectId);
      return inForce;
    },
  };
}

/** Every change of a project's catalog revision is announced, so calls on any instance see the new catalog. */
function announcedToolkits(raw: Store, hot: HotReads): ToolkitRepo {
  const changed = async (projectId: string) => {
    hot.catalogRevisions.delete(projectId);
    await raw.changes.publish({ kind: 'catalog_changed', project_id: projectId }).catch(() => undefined);
  };
  const toolkits = raw.toolkits;
  return {
    put: async (projectId, toolkit, tools) => {
      const stored = await toolkits.put(projectId, toolkit, tools);
      await changed(projectId);
      return stored;
    },
    get: (...args) => toolkits.get(...args),
    list: (...args) => toolkits.list(...args),
    listTools: (...args) => toolkits.listTools(...args),
    delete: async (projectId, slug) => {
      const deleted = await toolkits.delete(projectId, slug);
      if (deleted) await changed(projectId);
      return deleted;
    },
    revision: (...args) => toolkits.revision(...args),
    setEnabled: async (projectId, slug, enabled) => {
      const moved = await toolkits.setEnabled(projectId, slug, enabled);
      if (moved) await changed(projectId);
      return moved;
    },
    listDisabled: (...args) => toolkits.listDisabled(...args),
  };
}

/**
 * Says "the project's connections changed" after every write of an account or an auth config,
 * whoever the writer is (connect flows, refreshes, the sweep, the API, the console), so the
 * accounts, auth configs and opened credentials that calls keep in memory (HotReads) are dropped
 * here at once and on every other instance when the event arrives.
 */
async function connectionsChanged(raw: Store, hot: HotReads, projectId: string): Promise<void> {
  hot.dropConnections(projectId);
  await raw.changes.publish({ kind: 'connections_changed', project_id: projectId }).catch(() => undefined);
}

function announcedAccounts(raw: Store, hot: HotReads): AccountRepo {
  const accounts = raw.accounts;
  const changed = (projectId: string) => connectionsChanged(raw, hot, projectId);
  /** Writes keyed by account id alone: the project, when this instance kept the account; else every project. */
  const projectOf = (id: string) => {
    for (const rows of hot.accounts.values()) for (const row of rows) if (row.id === id) return row.project_id;
    return '';
  };
  return {
    create: async (row, event) => {
      const created = await accounts.create(row, event);
      await changed(created.project_id);
      return created;
    },
    get: (...args) => accounts.get(...args),
    list: (...args) => accounts.list(...args),
    forUser: (...args) => accounts.forUser(...args),
    update: async (projectId, id, change, event) => {
      const updated = await accounts.update(projectId, id, change, event);
      await changed(projectId);
      return updated;
    },
    activate: async (projectId, id, creds, event) => {
      const activated = await accounts.activate(projectId, id, creds, event);
      await changed(projectId);
      return activated;
    },
    // Only the lease moves; the row calls keep still holds the same credentials and version.
    acquireLease: (...args) => accounts.acquireLease(...args),
    completeRefresh: async (id, owner, creds, event) => {
      const refreshed = await accounts.completeRefresh(id, owner, creds, event);
      await changed(refreshed?.project_id ?? projectOf(id));
      return refreshed;
    },
    releaseLease: async (id, owner, change, events) => {
      await accounts.releaseLease(id, owner, change, events);
      if (change) await changed(projectOf(id));
    },
    delete: async (projectId, id) => {
      const deleted = await accounts.delete(projectId, id);
      await changed(projectId);
      return deleted;
    },
    expiringBefore: (...args) => accounts.expiringBefore(...args),
    events: (...args) => accounts.events(...args),
  };
}

function announcedAuthConfigs(raw: Store, hot: HotReads): AuthConfigRepo {
  const configs = raw.authConfigs;
  const changed = (projectId: string) => connectionsChanged(raw, hot, projectId);
  return {
    create: async (row) => {
      const created = await configs.create(row);
      await changed(created.project_id);
      return created;
    },
    get: (...args) => configs.get(...args),
    list: (...args) => configs.list(...args),
    forToolkit: (...args) => configs.forToolkit(...args),
    update: async (projectId, id, change) => {
      const updated = await configs.update(projectId, id, change);
      await changed(projectId);
      return updated;
    },
    delete: async (projectId, id) => {
      const deleted = await configs.delete(projectId, id);
      await changed(projectId);
      return deleted;
    },
    accountCounts: (...args) => configs.accountCounts(...args),
  };
}
