import { randomBytes } from 'node:crypto';
import { isMetaToolSlug, META_TOOLS, ToolRouterError, type MetaToolSlug, type SessionExecute } from '@toolrouter/core';
import type { ConnectionStatusSource } from '../connections/connection-status.js';
import { searchSession, newWorkflowId, type SearchQueryInput } from '../search/session-search.js';
import type { SearchService } from '../search/search-service.js';
import { resolveAllowedTools } from '../sessions/allowed-tools.js';
import { isLocalSlug } from '../sessions/custom-tools.js';
import { enabledMetaTools } from '../sessions/meta-tools-for.js';
import type { LoadedSession, SessionService } from '../sessions/session-service.js';
import type { Store } from '../store/store.js';
import { ArgumentValidator } from './argument-validator.js';
import type { ConnectionToolDeps } from './meta/connection-tool-deps.js';
import { getToolSchemas, type GetToolSchemasArgs } from './meta/get-tool-schemas.js';
import { manageConnections, type ManageConnectionsArgs } from './meta/manage-connections.js';
import { waitForConnections, type WaitForConnectionsArgs } from './meta/wait-for-connections.js';

/** What `POST …/execute` answers: `data` is always an object, `error` a readable string or null. */
export interface ExecuteResult {
  data: Record<string, unknown>;
  error: string | null;
  log_id: string;
}

export interface ExecutionDeps {
  sessions: SessionService;
  search: SearchService;
  store: Store;
  connections: ConnectionStatusSource;
  /** Accounts and links for the connection meta-tools. */
  connectionTools: ConnectionToolDeps;
  now: () => Date;
}

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

  async execute(projectId: string, sessionId: string, request: SessionExecute): Promise<ExecuteResult> {
    const loaded = await this.#deps.sessions.load(projectId, sessionId);
    const slug = request.tool_slug.trim().toUpperCase();
    if (isMetaToolSlug(slug)) return this.#meta(projectId, loaded, slug, request);

    const tool = loaded.view.tool(slug);
    if (!tool && !isLocalSlug(slug)) {
      const hint = loaded.view.suggestTool(slug);
      throw new ToolRouterError('TOOL_NOT_FOUND', `No tool "${request.tool_slug}"`, {
        suggestedFix: hint ? `Did you mean "${hint}"? Or find tools with COMPOSIO_SEARCH_TOOLS.` : 'Find tools with COMPOSIO_SEARCH_TOOLS.',
      });
    }
    throw new ToolRouterError('EXECUTION_UNAVAILABLE', `This server version cannot execute app tools yet (${slug})`, {
      suggestedFix: 'Search and schema meta-tools work now; app tool execution arrives with the execution release.',
    });
  }

  async #meta(projectId: string, loaded: LoadedSession, slug: MetaToolSlug, request: SessionExecute): Promise<ExecuteResult> {
    const logId = `log_${randomBytes(9).toString('base64url')}`;
    if (!enabledMetaTools(loaded.row.config).includes(slug)) {
      return { data: {}, error: `${slug} is not enabled in this session; its settings turn it off.`, log_id: logId };
    }
    const problems = this.#validator.problems(META_TOOLS[slug].input_parameters, request.arguments);
    if (problems.length > 0) return { data: {}, error: `Invalid arguments for ${slug}: ${problems.join('; ')}`, log_id: logId };

    switch (slug) {
      case 'COMPOSIO_SEARCH_TOOLS': {
        const args = request.arguments as { queries: SearchQueryInput[]; session?: { id?: string; generate_id?: boolean } };
        const existing = args.session?.generate_id ? undefined : args.session?.id;
        const output = await searchSession(this.#deps, {
          projectId,
          session: loaded.row,
          view: loaded.view,
          queries: args.queries,
          customs: request.experimental,
          workflow: existing ? { id: existing, generated: false } : { id: newWorkflowId(), generated: true },
        });
        const { success: _success, error, log_id, timings: _timings, ...data } = output;
        return { data, error, log_id };
      }
      case 'COMPOSIO_GET_TOOL_SCHEMAS': {
        const allowed = resolveAllowedTools(loaded.view, loaded.row.config);
        const data = getToolSchemas(loaded.view, allowed, request.arguments as unknown as GetToolSchemasArgs);
        return { data, error: data.success ? null : data.not_found_message ?? null, log_id: logId };
      }
      case 'COMPOSIO_MANAGE_CONNECTIONS':
        return { ...(await manageConnections(this.#deps.connectionTools, projectId, loaded, request.arguments as unknown as ManageConnectionsArgs)), log_id: logId };
      case 'COMPOSIO_WAIT_FOR_CONNECTIONS':
        return { ...(await waitForConnections({ ...this.#deps.connectionTools, store: this.#deps.store }, projectId, loaded, request.arguments as unknown as WaitForConnectionsArgs)), log_id: logId };
      default:
        throw new ToolRouterError('EXECUTION_UNAVAILABLE', `${slug} is not available in this server version yet`, {
          suggestedFix: 'COMPOSIO_SEARCH_TOOLS and COMPOSIO_GET_TOOL_SCHEMAS work now; the others arrive with connections and execution.',
        });
    }
  }
}
