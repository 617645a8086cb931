import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CatalogService } from '../catalog/catalog-service.js';
import { CURATED_FUNCTIONS } from '../catalog/curated/functions/index.js';
import type { SecretSource } from '../connections/account-secrets.js';
import type { ConnectionStatusSource } from '../connections/connection-status.js';
import type { CredentialBroker } from '../connections/credentials.js';
import type { Sealer } from '../connections/vault/sealer.js';
import type { GuardedFetch } from '../net/index.js';
import type { SearchService } from '../search/search-service.js';
import type { SessionService } from '../sessions/session-service.js';
import { BatchWriter, type BatchWriterOptions } from '../store/log-batches.js';
import type { Store } from '../store/store.js';
import { McpServerService } from '../upstream-mcp/mcp-server-service.js';
import { type BackoffPolicy, McpSupervisor } from '../upstream-mcp/supervisor.js';
import { SessionFiles } from '../workbench/session-files.js';
import { sessionSandbox } from '../workbench/session-sandbox.js';
import { WORKBENCH_DEFAULTS, type WorkbenchSettings } from '../workbench/settings.js';
import { WorkbenchService } from '../workbench/workbench-service.js';
import { ArgumentValidator } from './argument-validator.js';
import { FunctionBackend, TemplateBackend } from './backends/curated-backends.js';
import { GraphqlBackend } from './backends/graphql-backend.js';
import { HttpBackend } from './backends/http-backend.js';
import { McpBackend } from './backends/mcp-backend.js';
import { WebhookBackend } from './backends/webhook-backend.js';
import { ClassicToolService } from './classic-tools.js';
import { ExecutionService } from './execution-service.js';
import { type ExecuteHookSettings, ExecuteHooks } from './hooks/execute-hooks.js';
import { ExecutionLogger } from './logs/execution-logger.js';
import type { ConnectionToolDeps } from './meta/connection-tool-deps.js';
import { ApprovalService } from './permissions/approval-service.js';
import { ProxyService } from './proxy.js';
import { TextArguments, type TextModelSettings } from './text-arguments.js';
import { ToolRunner } from './tool-runner.js';
import { CustomToolkitService } from './webhooks/custom-toolkit-service.js';
import { WebhookSecrets } from './webhooks/webhook-secret.js';

export const DEFAULT_EXECUTION_TIMEOUT_MS = 60_000;

export interface ExecutionWiring {
  store: Store;
  catalog: CatalogService;
  sessions: SessionService;
  search: SearchService;
  connections: ConnectionStatusSource;
  /** Accounts and links for the connection meta-tools. */
  connectionTools: ConnectionToolDeps;
  credentials: CredentialBroker;
  /** Every secret of a user's accounts, scrubbed from the execution log. */
  secretSource?: SecretSource | undefined;
  http: GuardedFetch;
  now: () => Date;
  log?: Logger | undefined;
  timeoutMs?: number | undefined;
  /** The operator's execute hook; sessions that ask for hooks go through it. */
  executeHook?: ExecuteHookSettings | undefined;
  /** The operator's model for classic execute `text`; without it `text` is refused. */
  textModel?: Omit<TextModelSettings, 'timeoutMs'> | undefined;
  /** The vault's sealer: upstream MCP env/headers and webhook secrets are sealed like credentials. */
  sealer: Sealer;
  mcpStdioCommands?: readonly string[] | undefined;
  mcpBackoff?: BackoffPolicy | undefined;
  /** Workbench sandboxes; unset fields take the defaults, the files root a directory under the OS temp dir. */
  workbench?: Partial<WorkbenchSettings> | undefined;
  /** Execution-log batching, and where to register the flush that log reads wait for; undefined writes each log at once. */
  logBatches?:
    | {
        options: Omit<BatchWriterOptions, 'onError'>;
        flushBeforeLogReads: (flush: () => Promise<void>) => void;
        flushBeforeUsageReads: (flush: () => Promise<void>) => void;
      }
    | undefined;
}

interface UsedTool {
  projectId: string;
  sessionId: string;
  toolSlug: string;
  at: Date;
}

/**
 * Search learns which tool a session's searches led to. That takes a read of the session's recent
 * searches, so it is done after the call answered, in batches: one read per session per batch. Reads
 * of the learned pairs wait for what is queued (`flushBeforeUsageReads`).
 */
function deferredLearning(w: ExecutionWiring): { add(used: UsedTool): Promise<void>; close(): Promise<void> } {
  const writer = new BatchWriter<UsedTool>(
    async (batch) => {
      const bySession = new Map<string, { projectId: string; sessionId: string; executions: Array<{ toolSlug: string; at: Date }> }>();
      for (const used of batch) {
        const key = `${used.projectId}\0${used.sessionId}`;
        const group = bySession.get(key) ?? { projectId: used.projectId, sessionId: used.sessionId, executions: [] };
        group.executions.push({ toolSlug: used.toolSlug, at: used.at });
        bySession.set(key, group);
      }
      for (const group of bySession.values()) await w.search.recordExecutions(group.projectId, group.sessionId, group.executions);
    },
    {
      ...(w.logBatches?.options ?? { intervalMs: 0, maxBatch: 500, maxQueued: 500 }),
      onError: (err, lost) => w.log?.warn({ err, lost }, 'recording usage for search failed'),
    },
  );
  w.logBatches?.flushBeforeUsageReads(() => writer.flush());
  const writeThrough = w.logBatches === undefined;
  return {
    add: async (used) => {
      await writer.add(used);
      if (writeThrough) await writer.flush();
    },
    close: () => writer.close(),
  };
}

/** What `wireExecution` adds to the server's services. */
export interface ExecutionServices {
  execution: ExecutionService;
  /** The session-less tools API (`POST /tools/execute/{slug}`, `/tools/execute/proxy`). */
  classic: ClassicToolService;
  approvals: ApprovalService;
  proxy: ProxyService;
  /** Registered upstream MCP servers (their tools are toolkits of the project). */
  mcpServers: McpServerService;
  mcpSupervisor: McpSupervisor;
  /** Project-level custom tools run through signed webhooks. */
  customToolkits: CustomToolkitService;
  webhookSecrets: WebhookSecrets;
  /** The sandboxed kernels behind COMPOSIO_REMOTE_WORKBENCH and COMPOSIO_REMOTE_BASH_TOOL. */
  workbench: WorkbenchService;
  /** The session's workbench files as the file mount API reads and writes them. */
  sessionFiles: SessionFiles;
  /** Stops what runs in the background (upstream MCP processes); the store stays open. */
  shutdown(): Promise<void>;
}

/** The execution services, wired together; called by the composition root (runtime.ts). */
export function wireExecution(w: ExecutionWiring): ExecutionServices {
  const approvals = new ApprovalService(w.store, w.now);
  const logger = new ExecutionLogger(w.store, w.now, w.log, w.secretSource, w.logBatches?.options);
  w.logBatches?.flushBeforeLogReads(() => logger.flush());
  const timeoutMs = w.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS;
  const mcpSupervisor = new McpSupervisor({ ...(w.mcpBackoff ? { backoff: w.mcpBackoff } : {}), ...(w.log ? { log: w.log } : {}) });
  const { sealer } = w;
  const webhookSecrets = new WebhookSecrets(w.store, sealer);
  const mcpServers = new McpServerService({
    store: w.store,
    catalog: w.catalog,
    supervisor: mcpSupervisor,
    sealer,
    http: w.http,
    stdioCommands: w.mcpStdioCommands ?? [],
  });
  const workbenchSettings = { ...WORKBENCH_DEFAULTS, root: path.join(tmpdir(), `toolrouter-workbench-${process.pid}`), ...w.workbench };
  const workbench = new WorkbenchService(workbenchSettings, { log: w.log, changes: w.store.changes });
  const learning = deferredLearning(w);
  const runner = new ToolRunner({
    store: w.store,
    search: w.search,
    learnFrom: (projectId, sessionId, toolSlug) => learning.add({ projectId, sessionId, toolSlug, at: w.now() }),
    credentials: w.credentials,
    backends: {
      http: new HttpBackend(w.http),
      graphql: new GraphqlBackend(w.http),
      mcp: new McpBackend(mcpServers, mcpSupervisor),
      webhook: new WebhookBackend(w.http, webhookSecrets, w.now),
      template: new TemplateBackend(w.http),
      function: new FunctionBackend(w.http, CURATED_FUNCTIONS, w.now, (call) => sessionSandbox(workbench, call)),
    },
    approvals,
    logger,
    validator: new ArgumentValidator(),
    now: w.now,
    timeoutMs,
    ...(w.executeHook ? { hooks: new ExecuteHooks(w.http, w.executeHook, w.now, w.log) } : {}),
    ...(w.log ? { log: w.log } : {}),
  });
  const { store, catalog, sessions, search, connections, connectionTools, now } = w;
  const proxy = new ProxyService({ sessions, credentials: w.credentials, http: w.http, store, logger, timeoutMs });
  const execution = new ExecutionService({ sessions, catalog, search, store, connections, connectionTools, now, runner, logger, proxy, workbench });
  return {
    execution,
    classic: new ClassicToolService({
      store,
      catalog,
      sessions,
      execution,
      runner,
      proxy,
      textArguments: w.textModel ? new TextArguments(w.http, { ...w.textModel, timeoutMs }) : undefined,
    }),
    approvals,
    proxy,
    mcpServers,
    mcpSupervisor,
    customToolkits: new CustomToolkitService(store, catalog, webhookSecrets),
    webhookSecrets,
    workbench,
    sessionFiles: new SessionFiles(workbenchSettings.root, workbenchSettings.diskBytes),
    shutdown: async () => {
      await Promise.all([mcpSupervisor.stopAll(), workbench.shutdown()]);
      await Promise.all([logger.close(), learning.close()]);
    },
  };
}
