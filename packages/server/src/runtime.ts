import type { ToolkitBundle } from '@toolrouter/core';
import type { Logger } from 'pino';
import { loadBuiltinCatalog } from './catalog/builtin.js';
import { CatalogService } from './catalog/catalog-service.js';
import { ImportService } from './catalog/import-service.js';
import type { Config } from './config/config.js';
import { noAccountsYet, type ConnectionStatusSource } from './connections/connection-status.js';
import { noAccountBroker, type CredentialBroker } from './connections/credentials.js';
import { wireExecution, type ExecutionServices } from './execution/wire-execution.js';
import { createAesSealer, type SecretSealer } from './secrets/secret-sealer.js';
import { loadMasterKey } from './secrets/master-key.js';
import type { BackoffPolicy } from './upstream-mcp/supervisor.js';
import { createGuardedFetch, type GuardedFetch } from './net/index.js';
import { ProjectService } from './projects/project-service.js';
import type { Embedder } from './search/dense/embedder.js';
import { onnxEmbedder } from './search/dense/onnx-embedder.js';
import { openAiEmbedder } from './search/dense/openai-embedder.js';
import { SearchService } from './search/search-service.js';
import { SessionService } from './sessions/session-service.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

/** Every long-lived service of one server instance. */
export interface Services extends ExecutionServices {
  store: Store;
  catalog: CatalogService;
  projects: ProjectService;
  sessions: SessionService;
  importer: ImportService;
  search: SearchService;
  connections: ConnectionStatusSource;
  /** Credentials for outbound calls; the connections module supplies the real broker. */
  credentials: CredentialBroker;
  /** The operator's egress allowlist (TOOLROUTER_EGRESS_ALLOW), shown next to each project's own. */
  egressAllow: readonly string[];
}

export interface WiringOptions {
  egressAllow: readonly string[];
  searchLearning: boolean;
  embeddings?: Config['embeddings'];
  onnxEmbeddings?: Config['onnxEmbeddings'];
  log?: Logger;
  now?: () => Date;
  /** Per-call timeout of tool executions (TOOLROUTER_EXECUTION_TIMEOUT_MS). */
  executionTimeoutMs?: number;
  /** Replaces the credential broker (tests use their own double of the seam). */
  credentials?: CredentialBroker;
  /** Seals secrets at rest; without one, a random per-process key is used (tests, evaluation). */
  sealer?: SecretSealer;
  /** Commands API callers may start as stdio MCP servers (TOOLROUTER_MCP_STDIO_COMMANDS). */
  mcpStdioCommands?: readonly string[];
  mcpBackoff?: BackoffPolicy;
}

/** The only place concrete services meet; tests call it too, so they run the real wiring. */
export function wireServices(store: Store, builtin: readonly ToolkitBundle[], options: WiringOptions): Services {
  const now = options.now ?? (() => new Date());
  const catalog = new CatalogService(builtin, store);
  const sessions = new SessionService(store, catalog);
  const http = createGuardedFetch({ allow: options.egressAllow });
  const search = new SearchService(store, catalog, {
    learning: options.searchLearning,
    now,
    embedder: options.onnxEmbeddings ? onnxEmbedder(options.onnxEmbeddings) : options.embeddings && embedderFor(http, options.embeddings),
    onEmbedderError: (err) => options.log?.warn({ err }, 'embedding failed; search answered lexically'),
  });
  const connections = noAccountsYet;
  const credentials = options.credentials ?? noAccountBroker;
  const executionServices = wireExecution({
    store,
    catalog,
    sessions,
    search,
    connections,
    credentials,
    http,
    now,
    log: options.log,
    timeoutMs: options.executionTimeoutMs,
    sealer: options.sealer,
    mcpStdioCommands: options.mcpStdioCommands,
    mcpBackoff: options.mcpBackoff,
  });
  return {
    store,
    catalog,
    projects: new ProjectService(store),
    sessions,
    importer: new ImportService(store, catalog, http),
    search,
    connections,
    credentials,
    egressAllow: options.egressAllow,
    ...executionServices,
  };
}

/** The operator chose the embedding server, so its host is allowed even when private (e.g. Ollama on localhost). */
function embedderFor(http: GuardedFetch, settings: NonNullable<Config['embeddings']>): Embedder {
  const host = new URL(settings.url).hostname;
  const trusted: GuardedFetch = (url, init) => http(url, { ...init, allow: [host] });
  return openAiEmbedder(trusted, { baseUrl: settings.url, model: settings.model, apiKey: settings.apiKey });
}

export interface Runtime extends Services {
  config: Readonly<Config>;
  close(): Promise<void>;
}

/** Opens and migrates the configured store, loads the built-in catalog, wires the services. */
export async function createRuntime(config: Readonly<Config>, log: Logger): Promise<Runtime> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    const started = performance.now();
    const builtin = await loadBuiltinCatalog();
    log.info(
      { toolkits: builtin.length, tools: builtin.reduce((n, b) => n + b.tools.length, 0), ms: Math.round(performance.now() - started) },
      'built-in catalog loaded',
    );
    const masterKey = await loadMasterKey({ configured: config.encryptionKey, dataDir: config.dataDir });
    const services = wireServices(store, builtin, {
      sealer: createAesSealer(masterKey),
      executionTimeoutMs: config.executionTimeoutMs,
      mcpStdioCommands: config.mcpStdioCommands,
      egressAllow: config.egressAllow,
      searchLearning: config.searchLearning,
      embeddings: config.embeddings,
      onnxEmbeddings: config.onnxEmbeddings,
      log,
    });
    return {
      ...services,
      config,
      close: async () => {
        await services.shutdown();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
