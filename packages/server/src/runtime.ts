import { randomBytes } from 'node:crypto';
import type { ToolkitBundle } from '@toolrouter/core';
import type { Logger } from 'pino';
import type { HotReads } from './cache/hot-reads.js';
import { HotStore, LOG_BATCHES } from './cache/hot-store.js';
import { loadBuiltinCatalog } from './catalog/builtin.js';
import { CatalogService } from './catalog/catalog-service.js';
import { ImportService } from './catalog/import-service.js';
import type { ImportBudget } from './catalog/openapi-import/budget.js';
import type { Config } from './config/config.js';
import type { AuthConfigService } from './connections/auth-config-service.js';
import type { ConnectionService } from './connections/connection-service.js';
import type { ConnectionStatusSource } from './connections/connection-status.js';
import type { CredentialBroker } from './connections/credentials.js';
import { createConnections } from './connections/index.js';
import type { LinkService } from './connections/link-service.js';
import type { RefreshSweep } from './connections/refresh-sweep.js';
import { searchConnectionStates } from './connections/search-connection-states.js';
import { checkVaultKey } from './connections/vault/key-check.js';
import { loadMasterKey } from './connections/vault/master-key.js';
import { Sealer } from './connections/vault/sealer.js';
import { type ExecutionServices, wireExecution } from './execution/wire-execution.js';
import { McpTokenService } from './mcp/mcp-tokens.js';
import { createGuardedFetch, type GuardedFetch, type HostLookup } from './net/index.js';
import { ProjectService } from './projects/project-service.js';
import type { Embedder } from './search/dense/embedder.js';
import { onnxEmbedder } from './search/dense/onnx-embedder.js';
import { openAiEmbedder } from './search/dense/openai-embedder.js';
import { defaultWordVectors } from './search/engine/index.js';
import { SearchService } from './search/search-service.js';
import { SessionService } from './sessions/session-service.js';
import { dataDirMode, prepareDataDir, type WidePermission } from './store/data-dir.js';
import type { BatchWriterOptions } from './store/log-batches.js';
import { openStore, storeNotice, widePermissionsOfStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import type { BackoffPolicy } from './upstream-mcp/supervisor.js';
import { FileUrlTokens } from './workbench/file-url-tokens.js';

/** Every long-lived service of one server instance. */
export interface Services extends ExecutionServices {
  store: Store;
  /** What this instance keeps in memory for calls, dropped over the change feed (cache/hot-reads.ts). */
  hot: HotReads;
  catalog: CatalogService;
  projects: ProjectService;
  sessions: SessionService;
  importer: ImportService;
  search: SearchService;
  connections: ConnectionStatusSource;
  mcpTokens: McpTokenService;
  /** Credentials for outbound calls: account selection, fresh tokens, renewal after a 401. */
  credentials: CredentialBroker;
  authConfigs: AuthConfigService;
  accounts: ConnectionService;
  links: LinkService;
  refreshSweep: RefreshSweep;
  /** The operator's egress allowlist (TOOLROUTER_EGRESS_ALLOW), shown next to each project's own. */
  egressAllow: readonly string[];
  /** Seals every stored secret with the master key: credentials, upstream MCP env/headers, webhook secrets. */
  sealer: Sealer;
  /** Signs the short-lived upload/download URLs of session file mounts. */
  fileUrls: FileUrlTokens;
}

export interface WiringOptions {
  egressAllow: readonly string[];
  /** Replaces system DNS for outbound calls; tests make tenant hosts (acme.zendesk.test) resolve to loopback. */
  hostLookup?: HostLookup;
  searchLearning: boolean;
  /** The meaning channel of the bundled word vectors; on unless false (TOOLROUTER_SEARCH_WORD_VECTORS). */
  searchWordVectors?: boolean;
  embeddings?: Config['embeddings'];
  onnxEmbeddings?: Config['onnxEmbeddings'];
  /** Dense share of fused search scores (TOOLROUTER_EMBEDDINGS_WEIGHT). */
  denseWeight?: number;
  /** Where embedding failures go (search then answers lexically); by default a warning in the log. */
  onEmbedderError?: (error: unknown) => void;
  log?: Logger;
  now?: () => Date;
  /** Master key sealing credentials; tests may omit it (a random per-process key is used). */
  masterKey?: Buffer;
  managedAuth?: Config['managedAuth'];
  linkTtlSeconds?: number;
  /** Lifetime of MCP URL tokens whose request names none (TOOLROUTER_MCP_TOKEN_TTL_SECONDS). */
  mcpTokenTtlSeconds?: number;
  /** TOOLROUTER_PUBLIC_URL, for Connect Links created by meta-tools. */
  publicUrl?: string | undefined;
  /** Test knobs for the token lifecycle. */
  refreshAheadMs?: number;
  maxWaitMs?: number;
  /** Per-call timeout of tool executions (TOOLROUTER_EXECUTION_TIMEOUT_MS). */
  executionTimeoutMs?: number;
  /** The operator's before/after-execute webhook (TOOLROUTER_EXECUTE_HOOK_*). */
  executeHook?: Config['executeHook'];
  /** The model for classic execute `text` (TOOLROUTER_TEXT_MODEL_*). */
  textModel?: Config['textModel'];
  /** Replaces the credential broker (execution tests use a small double of the seam). */
  credentials?: CredentialBroker;
  /** Commands API callers may start as stdio MCP servers (TOOLROUTER_MCP_STDIO_COMMANDS). */
  mcpStdioCommands?: readonly string[];
  mcpBackoff?: BackoffPolicy;
  /** Workbench sandboxes (TOOLROUTER_WORKBENCH_*); tests point the files root at a temporary directory. */
  workbench?: Partial<Config['workbench']>;
  /** Limits of one OpenAPI import (TOOLROUTER_IMPORT_*); defaults in catalog/openapi-import/budget.ts. */
  importBudget?: Partial<ImportBudget>;
  /** Execution and search logs written in batches (default LOG_BATCHES); false writes each at once. */
  logBatches?: Omit<BatchWriterOptions, 'onError'> | false;
}

/** The only place concrete services meet; tests call it too, so they run the real wiring. */
export function wireServices(rawStore: Store, builtin: readonly ToolkitBundle[], options: WiringOptions): Services {
  const now = options.now ?? (() => new Date());
  const hotStore = new HotStore(rawStore, {
    ...(options.logBatches === false ? {} : { batches: options.logBatches ?? LOG_BATCHES }),
    onLogWriteError: (err, lost) => options.log?.error({ err, lost }, 'writing search logs failed; the entries of this batch are lost'),
  });
  const { store, hot } = hotStore;
  const masterKey = options.masterKey ?? randomBytes(32);
  const sealer = new Sealer(masterKey);
  const catalog = new CatalogService(builtin, store, hot);
  const sessions = new SessionService(store, catalog, hot);
  const http = createGuardedFetch({ allow: options.egressAllow, ...(options.hostLookup ? { lookup: options.hostLookup } : {}) });
  const search = new SearchService(store, catalog, {
    learning: options.searchLearning,
    wordVectors: options.searchWordVectors === false ? undefined : defaultWordVectors(),
    now,
    embedder: options.onnxEmbeddings ? onnxEmbedder(options.onnxEmbeddings) : options.embeddings && embedderFor(http, options.embeddings),
    ...(options.denseWeight !== undefined ? { denseWeight: options.denseWeight } : {}),
    onEmbedderError: options.onEmbedderError ?? ((err) => options.log?.warn({ err }, 'embedding failed; search answered lexically')),
  });
  const conn = createConnections({
    store,
    hot,
    catalog,
    http,
    now,
    sealer,
    ...(options.managedAuth ? { managedAuth: options.managedAuth } : {}),
    ...(options.linkTtlSeconds ? { linkTtlSeconds: options.linkTtlSeconds } : {}),
    ...(options.refreshAheadMs !== undefined ? { refreshAheadMs: options.refreshAheadMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  // Search reports connection states with every answer; it reads the user's accounts through the hot cache.
  const connections: ConnectionStatusSource = searchConnectionStates(store, hot);
  const connectionTools = { accounts: conn.accounts, publicUrl: options.publicUrl, ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}) };
  const credentials = options.credentials ?? conn.credentials;
  const executionServices = wireExecution({
    store,
    catalog,
    sessions,
    search,
    connections,
    connectionTools,
    credentials,
    secretSource: conn.secrets,
    http,
    now,
    log: options.log,
    timeoutMs: options.executionTimeoutMs,
    executeHook: options.executeHook,
    textModel: options.textModel,
    sealer,
    logBatches:
      options.logBatches === false
        ? undefined
        : {
            options: options.logBatches ?? LOG_BATCHES,
            flushBeforeLogReads: (flush) => hotStore.flushBeforeLogReads(flush),
            flushBeforeUsageReads: (flush) => hotStore.flushBeforeUsageReads(flush),
          },
    mcpStdioCommands: options.mcpStdioCommands,
    mcpBackoff: options.mcpBackoff,
    workbench: options.workbench,
  });
  const importer = new ImportService(store, catalog, http, options.importBudget);
  return {
    store,
    hot,
    catalog,
    projects: new ProjectService(store, hot),
    sessions,
    importer,
    fileUrls: new FileUrlTokens(masterKey),
    search,
    ...executionServices,
    shutdown: async () => {
      await Promise.all([executionServices.shutdown(), importer.close()]);
      await hotStore.close();
    },
    connections,
    mcpTokens: new McpTokenService(store, sessions, now, options.mcpTokenTtlSeconds),
    credentials,
    egressAllow: options.egressAllow,
    sealer,
    authConfigs: conn.authConfigs,
    accounts: conn.accounts,
    links: conn.links,
    refreshSweep: conn.sweep,
  };
}

/** The operator chose the embedding server, so its host is allowed even when private (e.g. Ollama on localhost). */
function embedderFor(http: GuardedFetch, settings: NonNullable<Config['embeddings']>): Embedder {
  const host = new URL(settings.url).hostname;
  const trusted: GuardedFetch = (url, init) => http(url, { ...init, allow: [host] });
  return openAiEmbedder(trusted, { baseUrl: settings.url, model: settings.model, apiKey: settings.apiKey });
}

/** Existing files are left as the operator set them, but a database others can read deserves a warning. */
function warnAboutWidePermissions(log: Logger, found: readonly WidePermission[]): void {
  for (const { path, mode, wanted } of found) {
    const octal = (n: number) => n.toString(8).padStart(4, '0');
    log.warn(
      { path, mode: octal(mode), recommended: octal(wanted) },
      `${path} is open to other users (mode ${octal(mode)}); it holds secrets and logs: run \`chmod ${octal(wanted).slice(1)} ${path}\``,
    );
  }
}

export interface Runtime extends Services {
  config: Readonly<Config>;
  close(): Promise<void>;
}

/**
 * Opens and migrates the configured store, loads the built-in catalog, wires the services.
 * `progress` receives a line before each step that can take a while (the server prints them; CLI commands stay quiet).
 */
export async function createRuntime(
  config: Readonly<Config>,
  log: Logger,
  progress: (line: string) => void = () => {},
  storeReady?: Promise<void>,
): Promise<Runtime> {
  // The catalog needs nothing from the store, so it loads while a cluster primary is still bootstrapping.
  const catalog = timed(loadBuiltinCatalog());
  catalog.catch(() => {}); // awaited below; a store that fails first must not leave it unhandled
  await storeReady;
  // Before anything writes there: the data directory holds the database and the key file.
  const wideDir = await prepareDataDir(config.dataDir, dataDirMode(config.dataDir, config.workbench.root));
  const notice = storeNotice(config);
  if (notice) progress(notice);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    warnAboutWidePermissions(log, [...wideDir, ...(await widePermissionsOfStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }))]);
    await store.migrate();
    progress('Loading the built-in catalog …');
    const { value: builtin, ms } = await catalog;
    const tools = builtin.reduce((n, b) => n + b.tools.length, 0);
    progress(`Loaded ${builtin.length} toolkits with ${tools} tools in ${ms} ms.`);
    log.info({ toolkits: builtin.length, tools, ms }, 'built-in catalog loaded');
    const { key, source } = await loadMasterKey({ configured: config.encryptionKey, dataDir: config.dataDir });
    const services = wireServices(store, builtin, {
      egressAllow: config.egressAllow,
      searchLearning: config.searchLearning,
      searchWordVectors: config.searchWordVectors,
      embeddings: config.embeddings,
      onnxEmbeddings: config.onnxEmbeddings,
      denseWeight: config.denseWeight,
      log,
      masterKey: key,
      managedAuth: config.managedAuth,
      linkTtlSeconds: config.linkTtlSeconds,
      mcpTokenTtlSeconds: config.mcpTokenTtlSeconds,
      publicUrl: config.publicUrl,
      executionTimeoutMs: config.executionTimeoutMs,
      executeHook: config.executeHook,
      textModel: config.textModel,
      mcpStdioCommands: config.mcpStdioCommands,
      workbench: config.workbench,
      importBudget: config.importBudget,
    });
    await checkVaultKey(store, services.sealer);
    log.info({ keySource: source === 'TOOLROUTER_ENCRYPTION_KEY' ? source : 'key file', keyId: services.sealer.keyId }, 'credential vault ready');
    return {
      ...services,
      config,
      close: async () => {
        await services.refreshSweep.stop();
        await services.shutdown();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** `work`'s result with how long it took from now, in whole milliseconds. */
async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: Math.round(performance.now() - started) };
}
