import type { ToolkitBundle } from '@toolrouter/core';
import type { Logger } from 'pino';
import { loadBuiltinCatalog } from './catalog/builtin.js';
import { CatalogService } from './catalog/catalog-service.js';
import { ImportService } from './catalog/import-service.js';
import type { Config } from './config/config.js';
import { noAccountsYet, type ConnectionStatusSource } from './connections/connection-status.js';
import { ExecutionService } from './execution/execution-service.js';
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
export interface Services {
  store: Store;
  catalog: CatalogService;
  projects: ProjectService;
  sessions: SessionService;
  importer: ImportService;
  search: SearchService;
  execution: ExecutionService;
  connections: ConnectionStatusSource;
}

export interface WiringOptions {
  egressAllow: readonly string[];
  searchLearning: boolean;
  embeddings?: Config['embeddings'];
  onnxEmbeddings?: Config['onnxEmbeddings'];
  log?: Logger;
  now?: () => Date;
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
  return {
    store,
    catalog,
    projects: new ProjectService(store),
    sessions,
    importer: new ImportService(store, catalog, http),
    search,
    execution: new ExecutionService({ sessions, search, store, connections, now }),
    connections,
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
    const services = wireServices(store, builtin, {
      egressAllow: config.egressAllow,
      searchLearning: config.searchLearning,
      embeddings: config.embeddings,
      onnxEmbeddings: config.onnxEmbeddings,
      log,
    });
    return { ...services, config, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
