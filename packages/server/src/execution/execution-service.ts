import { isMetaToolSlug, META_TOOLS, type MetaToolSlug, type SessionExecute } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { ConnectionStatusSource } from '../connections/connection-status.js';
import { newId } from '../ids.js';
import type { SearchService } from '../search/search-service.js';
import { newWorkflowId, type SearchQueryInput, searchSession } from '../search/session-search.js';
import { resolveAllowedTools } from '../sessions/allowed-tools.js';
import { enabledMetaTools } from '../sessions/meta-tools-for.js';
import { SESSION_DEFAULTS } from '../sessions/render-session.js';
import { type LoadedSession, type SessionService, sessionNotFound } from '../sessions/session-service.js';
import type { Store } from '../store/store.js';
import type { WorkbenchService } from '../workbench/workbench-service.js';
import { ArgumentValidator } from './argument-validator.js';
import type { ExecutionLogger } from './logs/execution-logger.js';
import type { ConnectionToolDeps } from './meta/connection-tool-deps.js';
import { type GetToolSchemasArgs, getToolSchemas } from './meta/get-tool-schemas.js';
import { type ManageConnectionsArgs, manageConnections } from './meta/manage-connections.js';
import { type MultiExecuteArgs, multiExecute } from './meta/multi-execute.js';
import { type WaitForConnectionsArgs, waitForConnections } from './meta/wait-for-connections.js';
import { remoteWorkbench } from './meta/workbench.js';
import type { ProxyService } from './proxy.js';
import type { ExecuteOptions, ToolRunner } from './tool-runner.js';

/** What `POST …/execute` answers: `data` is always an object, `error` a readable string or null. */
export interface ExecuteResult {
  data: Record<string, unknown>;
  error: string | null;
  log_id: string;
}

export interface ExecutionDeps {
  sessions: SessionService;
  catalog: CatalogService;
  search: SearchService;
  store: Store;
  connections: ConnectionStatusSource;
  /** Accounts and links for the connection meta-tools. */
  connectionTools: ConnectionToolDeps;
  now: () => Date;
  runner: ToolRunner;
  logger: ExecutionLogger;
  /** The raw API calls code in the workbench may make (proxy_execute). */
  proxy: ProxyService;
  workbench: WorkbenchService;
}

/** Meta tools that only read: a failed call may safely be retried by the client. */
const READ_ONLY_META = new Set<string>(['COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'COMPOSIO_WAIT_FOR_CONNECTIONS']);

/**
 * The single entry for running a tool inside a session. Request-shape problems are thrown as
 * 4xx errors; problems with the call itself (arguments, permissions, the tool failing) come back
 * in `error` so an agent can read them and correct its next call.
 */
export class ExecutionService {
  readonly #deps: ExecutionDeps;
  readonly #validator = new ArgumentValidator();

  constructor(deps: ExecutionDeps) {
    this.#deps = deps;
  }

  async execute(projectId: string, sessionId: string, request: SessionExecute, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return this.executeLoaded(projectId, await this.#deps.sessions.loadForCall(projectId, sessionId), request, options);
  }

  /**
   * `execute` for a caller that has just loaded the session for this same request (the MCP
   * endpoint), so the row and catalog view are not read from the store a second time.
   */
  async executeLoaded(projectId: string, loaded: LoadedSession, request: SessionExecute, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (loaded.row.project_id !== projectId) throw sessionNotFound(loaded.row.id);
    const slug = request.tool_slug.trim().toUpperCase();
    if (isMetaToolSlug(slug)) return this.#meta(projectId, loaded, slug, request, options);
    const { data, error, log_id } = await this.#deps.runner.run(
      projectId,
      loaded,
      { slug, arguments: request.arguments, account: request.account, offload: request.enable_auto_workbench_offload !== false },
      options,
    );
    return { data, error, log_id };
  }

  /**
   * Whether the client may retry a failed call of this tool: only for tools that change nothing
   * (read-only or idempotent) and for unknown slugs (nothing ran).
   */
  async isRetrySafe(projectId: string, toolSlug: string): Promise<boolean> {
    const slug = toolSlug.trim().toUpperCase();
    if (isMetaToolSlug(slug)) return READ_ONLY_META.has(slug);
    const view = await this.#deps.catalog.viewForCall(projectId);
    const tool = view.tool(slug);
    return !tool || tool.tags.includes('readOnlyHint') || tool.tags.includes('idempotentHint');
  }

  async #meta(projectId: string, loaded: LoadedSession, slug: MetaToolSlug, request: SessionExecute, options: ExecuteOptions): Promise<ExecuteResult> {
    const logId = newId('log');
    const started = performance.now();
    const result = await this.#runMeta(projectId, loaded, slug, request, options, logId);
    await this.#deps.logger.write({
      id: logId,
      projectId,
      sessionId: loaded.row.id,
      userId: loaded.row.user_id,
      toolSlug: slug,
      toolkit: 'composio',
      connectedAccountId: null,
      status: result.error === null ? 'success' : 'error',
      durationMs: performance.now() - started,
      error: result.error,
      arguments: request.arguments,
      result: result.data,
    });
    return { ...result, log_id: result.log_id ?? logId };
  }

  async #runMeta(
    projectId: string,
    loaded: LoadedSession,
    slug: MetaToolSlug,
    request: SessionExecute,
    options: ExecuteOptions,
    logId: string,
  ): Promise<{ data: Record<string, unknown>; error: string | null; log_id?: string }> {
    if (!enabledMetaTools(loaded.row.config).includes(slug)) {
      return { data: {}, error: `${slug} is not enabled in this session; its settings turn it off.` };
    }
    const args = withMetaDefaults(slug, request.arguments);
    const problems = this.#validator.problems(META_TOOLS[slug].input_parameters, args);
    if (problems.length > 0) return { data: {}, error: `Invalid arguments for ${slug}: ${problems.join('; ')}` };

    switch (slug) {
      case 'COMPOSIO_SEARCH_TOOLS': {
        const search = args as { queries: SearchQueryInput[]; session?: { id?: string; generate_id?: boolean } };
        const existing = search.session?.generate_id ? undefined : search.session?.id;
        const output = await searchSession(this.#deps, {
          projectId,
          session: loaded.row,
          view: loaded.view,
          queries: search.queries,
          customs: request.experimental,
          workflow: existing ? { id: existing, generated: false } : { id: newWorkflowId(), generated: true },
        });
        const { success: _success, error, log_id, timings: _timings, ...data } = output;
        return { data, error, log_id };
      }
      case 'COMPOSIO_GET_TOOL_SCHEMAS': {
        const allowed = resolveAllowedTools(loaded.view, loaded.row.config);
        const data = getToolSchemas(loaded.view, allowed, args as unknown as GetToolSchemasArgs);
        return { data, error: data.success ? null : (data.not_found_message ?? null) };
      }
      case 'COMPOSIO_MULTI_EXECUTE_TOOL': {
        const sync = args['sync_response_to_workbench'] === true && enabledMetaTools(loaded.row.config).includes('COMPOSIO_REMOTE_WORKBENCH');
        const result = await multiExecute(this.#deps.runner, {
          projectId,
          loaded,
          args: args as unknown as MultiExecuteArgs,
          parentId: logId,
          account: request.account,
          // Results synced to the workbench are kept whole there, so they are not offloaded.
          offload: !sync && request.enable_auto_workbench_offload !== false,
          options,
        });
        if (!sync) return result;
        const content = JSON.stringify(result.data);
        const size = loaded.row.config.workbench?.sandbox_size ?? SESSION_DEFAULTS.sandboxSize;
        const written = await this.#deps.workbench.writeSessionFile({ projectId, sessionId: loaded.row.id, size }, `multi_execute/${logId}.json`, content);
        const info =
          'path' in written
            ? {
                file_path: written.path,
                size_bytes: Buffer.byteLength(content),
                message: `The whole response is in ${written.path}; read it with COMPOSIO_REMOTE_WORKBENCH.`,
              }
            : { error: `The response could not be synced to the workbench: ${written.error}` };
        return { ...result, data: { ...result.data, remote_file_info: info } };
      }
      case 'COMPOSIO_MANAGE_CONNECTIONS':
        return {
          ...(await manageConnections(this.#deps.connectionTools, projectId, loaded, request.arguments as unknown as ManageConnectionsArgs, options.origin)),
          log_id: logId,
        };
      case 'COMPOSIO_WAIT_FOR_CONNECTIONS':
        return {
          ...(await waitForConnections(
            { ...this.#deps.connectionTools, store: this.#deps.store },
            projectId,
            loaded,
            request.arguments as unknown as WaitForConnectionsArgs,
          )),
          log_id: logId,
        };
      case 'COMPOSIO_REMOTE_WORKBENCH':
      case 'COMPOSIO_REMOTE_BASH_TOOL': {
        const runTool = async (tool: string, toolArgs: Record<string, unknown>, account: string | undefined) => {
          // Meta-tools go through execute (their own log entry); app tools run as children of this call.
          if (isMetaToolSlug(tool)) {
            // The workbench is busy running this very call: syncing into it from here would wait on itself.
            const metaArgs = tool === 'COMPOSIO_MULTI_EXECUTE_TOOL' ? { ...toolArgs, sync_response_to_workbench: false } : toolArgs;
            return this.execute(projectId, loaded.row.id, { tool_slug: tool, arguments: metaArgs, account }, options);
          }
          const r = await this.#deps.runner.run(projectId, loaded, { slug: tool, arguments: toolArgs, account, parentId: logId, offload: false }, options);
          return { data: r.data, error: r.error, log_id: r.log_id };
        };
        const answer = await remoteWorkbench({ workbench: this.#deps.workbench, proxy: this.#deps.proxy, runTool }, { projectId, loaded, slug, args });
        return { ...answer, log_id: logId };
      }
    }
  }
}

/** Fills in what agents commonly leave out and the schema requires but we do not need. */
function withMetaDefaults(slug: MetaToolSlug, args: Record<string, unknown>): Record<string, unknown> {
  if (slug === 'COMPOSIO_MULTI_EXECUTE_TOOL' && args['sync_response_to_workbench'] === undefined) {
    return { ...args, sync_response_to_workbench: false };
  }
  return args;
}
