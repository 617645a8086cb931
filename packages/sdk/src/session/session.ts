import { isMetaToolSlug, META_TOOLKIT } from '@toolrouter/core';
import type { CustomTool, CustomToolContext, CustomToolkit } from '../custom-tools/create-tool.js';
import { type LocalEntry, LocalToolRegistry, type RegisteredCustomTool, type RegisteredCustomToolkit } from '../custom-tools/local-registry.js';
import { MULTI_EXECUTE_SLUG, routeMultiExecute } from '../custom-tools/multi-execute.js';
import { runLocalTool } from '../custom-tools/run-local.js';
import type { HttpClient } from '../http/http-client.js';
import { toSessionPatchBody } from './config-to-wire.js';
import { type AuthorizeOptions, ConnectionRequest } from './connection-request.js';
import { createMcpToken, type McpTokenOptions, type McpUrlToken, revokeMcpToken } from './mcp-tokens.js';
import type { ExecuteOptions, ExecuteParams, Modifiers } from './modifiers.js';
import { Page, PagePromise } from './pager.js';
import { proxyBody, proxyResultFrom } from './proxy.js';
import { type ExecuteResult, errorResult, type MultiExecuteData, type MultiExecuteItem, type ProxyExecuteParams, type ProxyExecuteResult } from './results.js';
import { type SearchOptions, type SearchResponse, searchResponseFrom } from './search.js';
import type { SessionUpdateInput } from './session-config.js';
import { type SessionConfigView, type SessionMcpConfig, type SessionState, type SessionWarning, sessionState } from './session-view.js';
import { type SessionToolkit, type ToolkitsOptions, toolkitFrom } from './toolkits.js';
import { type SessionTool, type SessionToolSchema, toolFromItem, toolFromLocal } from './tools.js';
import type { WireExecuteResponse, WireLinkResponse, WirePage, WireProxyResponse, WireSession, WireToolItem, WireToolkitItem } from './wire-types.js';

/** How deep local tools may call each other through `ctx.execute` before the chain is cut. */
export const MAX_LOCAL_CALL_DEPTH = 8;

export interface LocalDefinitions {
  customTools: readonly CustomTool[];
  customToolkits: readonly CustomToolkit[];
}

/** One end user's session: the tools their agent may use and the accounts it acts with. */
export class ToolRouterSession {
  readonly #http: HttpClient;
  readonly #apiKey: string;
  #state: SessionState;
  readonly #registry: LocalToolRegistry;
  /** Toolkit of each slug seen in tools() / search(), for the modifiers' `toolkitSlug`. */
  readonly #toolkitOf = new Map<string, string>();

  /** @internal Use `router.create()` or `router.use()`. */
  constructor(http: HttpClient, apiKey: string, wire: WireSession, locals: LocalDefinitions) {
    this.#http = http;
    this.#apiKey = apiKey;
    this.#state = sessionState(wire);
    this.#registry = new LocalToolRegistry(locals.customTools, locals.customToolkits, wire.experimental);
  }

  get sessionId(): string {
    return this.#state.sessionId;
  }
  get userId(): string {
    return this.#state.userId;
  }
  get config(): SessionConfigView {
    return this.#state.config;
  }
  get configVersion(): number {
    return this.#state.configVersion;
  }
  /** Meta-tools the session offers (their slugs). */
  get metaTools(): string[] {
    return [...this.#state.metaTools];
  }
  get warnings(): SessionWarning[] {
    return [...this.#state.warnings];
  }
  /** System-prompt text explaining the meta-tools to a model. */
  get assistivePrompt(): string | undefined {
    return this.#state.assistivePrompt;
  }
  /** The session's MCP endpoint, ready for any MCP client (Streamable HTTP). */
  get mcp(): SessionMcpConfig {
    return { type: this.#state.mcpType, url: this.#state.mcpUrl, headers: { 'x-api-key': this.#apiKey } };
  }

  get #path(): string {
    return `/api/v3.1/tool_router/session/${encodeURIComponent(this.#state.sessionId)}`;
  }

  /** The tools the agent gets: enabled meta-tools, preloaded app tools and preloaded local tools. */
  async tools(options: { modifiers?: Modifiers } = {}): Promise<SessionTool[]> {
    const items: WireToolItem[] = [];
    const seen = new Set<string>();
    let cursor: string | null | undefined;
    do {
      const page: WirePage<WireToolItem> = await this.#http.request({ method: 'GET', path: `${this.#path}/tools`, query: { limit: 500, cursor } });
      items.push(...page.items);
      if (cursor) seen.add(cursor);
      cursor = page.next_cursor;
    } while (cursor && !seen.has(cursor));

    const preloadAll = this.#state.config.preload.tools === 'all';
    const schemas: SessionToolSchema[] = [
      ...items.map(toolFromItem),
      ...this.#registry
        .all()
        .filter((t) => t.preload || preloadAll)
        .map(toolFromLocal),
    ];
    const modifySchema = options.modifiers?.modifySchema;
    const result: SessionTool[] = [];
    for (const original of schemas) {
      this.#toolkitOf.set(original.slug.toUpperCase(), original.toolkit.slug);
      const schema = modifySchema ? await modifySchema({ toolSlug: original.slug, toolkitSlug: original.toolkit.slug, schema: original }) : original;
      const slug = original.slug;
      result.push({
        ...schema,
        execute: (args = {}, opts = {}) => this.execute(slug, args, { ...opts, ...(options.modifiers ? { modifiers: options.modifiers } : {}) }),
      });
    }
    return result;
  }

  /** Finds the tools for a task, with schemas, a plan and the user's connection state. */
  async search(options: SearchOptions): Promise<SearchResponse> {
    const queries = (Array.isArray(options.query) ? options.query : [options.query]).map((q) => ({
      use_case: q,
      ...(options.knownFields ? { known_fields: options.knownFields } : {}),
    }));
    const wire = await this.#http.request<Record<string, unknown>>({
      method: 'POST',
      path: `${this.#path}/search`,
      idempotent: true, // read-only: a repeated search only logs the query twice
      body: {
        queries,
        ...(options.toolkits ? { toolkits: options.toolkits } : {}),
        ...(this.#registry.wire ? { experimental: this.#registry.wire } : {}),
      },
    });
    const response = searchResponseFrom(wire);
    for (const [slug, schema] of Object.entries(response.toolSchemas)) this.#toolkitOf.set(slug.toUpperCase(), schema.toolkit);
    return response;
  }

  /**
   * Runs a tool: a meta-tool, an app tool, or a local custom tool (in this process). Failures of
   * the tool come back in `error`; exceptions mean the request could not be served.
   */
  execute(
    slug: typeof MULTI_EXECUTE_SLUG,
    args: { tools: MultiExecuteItem[]; sync_response_to_workbench?: boolean; [key: string]: unknown },
    options?: ExecuteOptions,
  ): Promise<ExecuteResult<MultiExecuteData>>;
  execute(slug: string, args?: Record<string, unknown>, options?: ExecuteOptions): Promise<ExecuteResult>;
  execute(slug: string, args: Record<string, unknown> = {}, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return this.#execute(slug, args, options, 0);
  }

  async #execute(slug: string, args: Record<string, unknown>, options: ExecuteOptions, depth: number): Promise<ExecuteResult> {
    const { modifiers } = options;
    let params: ExecuteParams = { arguments: args, ...(options.account ? { account: options.account } : {}) };
    const toolkitSlug = modifiers?.beforeExecute || modifiers?.afterExecute ? await this.#toolkitSlugOf(slug) : '';
    if (modifiers?.beforeExecute) params = await modifiers.beforeExecute({ toolSlug: slug, toolkitSlug, sessionId: this.sessionId, params });
    let result = await this.#dispatch(slug, params, depth);
    if (modifiers?.afterExecute) result = await modifiers.afterExecute({ toolSlug: slug, toolkitSlug, sessionId: this.sessionId, result });
    return result;
  }

  async #dispatch(slug: string, params: ExecuteParams, depth: number): Promise<ExecuteResult> {
    const local = this.#registry.resolve(slug);
    if (local) return runLocalTool(local, params.arguments, this.#context(local, depth));
    if (slug.trim().toUpperCase() === MULTI_EXECUTE_SLUG && this.#state.config.execute.enableMultiExecute) {
      const routed = await routeMultiExecute(
        params.arguments,
        this.#registry,
        (entry, args) => runLocalTool(entry, args, this.#context(entry, depth)),
        (args) => this.#remote(MULTI_EXECUTE_SLUG, { ...params, arguments: args }),
      );
      if (routed) return routed;
    }
    return this.#remote(slug, params);
  }

  async #remote(slug: string, params: ExecuteParams): Promise<ExecuteResult> {
    const wire = await this.#http.request<WireExecuteResponse>({
      method: 'POST',
      path: `${this.#path}/execute`,
      body: {
        tool_slug: slug,
        arguments: params.arguments,
        ...(params.account ? { account: params.account } : {}),
        ...(this.#registry.wire ? { experimental: this.#registry.wire } : {}),
      },
    });
    const error = wire.error ?? null;
    return { data: wire.data ?? {}, error, successful: error === null, logId: wire.log_id ?? '' };
  }

  #context(entry: LocalEntry, depth: number): CustomToolContext {
    return {
      userId: this.userId,
      sessionId: this.sessionId,
      toolSlug: entry.registered.slug,
      execute: (slug, args = {}, opts = {}) =>
        depth + 1 > MAX_LOCAL_CALL_DEPTH
          ? Promise.resolve(errorResult(`Local tools called each other more than ${MAX_LOCAL_CALL_DEPTH} levels deep; stopped at ${slug}.`))
          : this.#execute(slug, args, opts, depth + 1),
      proxyExecute: (p) => this.proxyExecute(p),
    };
  }

  async #toolkitSlugOf(slug: string): Promise<string> {
    const upper = slug.trim().toUpperCase();
    if (isMetaToolSlug(upper)) return META_TOOLKIT.slug;
    const local = this.#registry.resolve(upper);
    if (local) return local.registered.toolkit ?? local.registered.extendsToolkit ?? 'local';
    const known = this.#toolkitOf.get(upper);
    if (known) return known;
    try {
      const tool = await this.#http.request<WireToolItem>({ method: 'GET', path: `/api/v3.1/tools/${encodeURIComponent(upper)}` });
      this.#toolkitOf.set(upper, tool.toolkit.slug);
      return tool.toolkit.slug;
    } catch {
      return ''; // the execute call itself will report the unknown tool
    }
  }

  /** Starts connecting an account of `toolkit` for this user: returns a Connect Link to send them to. */
  async authorize(toolkit: string, options: AuthorizeOptions = {}): Promise<ConnectionRequest> {
    const wire = await this.#http.request<WireLinkResponse>({
      method: 'POST',
      path: `${this.#path}/link`,
      body: { toolkit, ...(options.callbackUrl ? { callback_url: options.callbackUrl } : {}), ...(options.alias ? { alias: options.alias } : {}) },
    });
    return new ConnectionRequest(this.#http, wire);
  }

  /** The session's toolkits with connection state; await for one page or `for await` over all. */
  toolkits(options: ToolkitsOptions = {}): PagePromise<SessionToolkit> {
    const load = async (cursor: string | undefined): Promise<Page<SessionToolkit>> => {
      const wire = await this.#http.request<WirePage<WireToolkitItem>>({
        method: 'GET',
        path: `${this.#path}/toolkits`,
        query: { toolkits: options.toolkits, is_connected: options.isConnected, search: options.search, limit: options.limit, cursor },
      });
      return new Page(wire, wire.items.map(toolkitFrom), (next) => load(next));
    };
    return new PagePromise(() => load(options.cursor));
  }

  /** Calls a toolkit's API directly with the user's connected account. */
  async proxyExecute(params: ProxyExecuteParams): Promise<ProxyExecuteResult> {
    const wire = await this.#http.request<WireProxyResponse>({ method: 'POST', path: `${this.#path}/proxy_execute`, body: proxyBody(params) });
    return proxyResultFrom(wire);
  }

  /** Changes only the settings given (`null` resets one); the session object reflects the result. */
  async update(update: SessionUpdateInput): Promise<this> {
    const wire = await this.#http.request<WireSession>({ method: 'PATCH', path: this.#path, body: toSessionPatchBody(update) });
    this.#apply(wire);
    return this;
  }

  /** Deletes the session; its id answers 404 afterwards. */
  async delete(): Promise<{ sessionId: string; deleted: true }> {
    const wire = await this.#http.request<{ session_id: string; deleted: true }>({ method: 'DELETE', path: this.#path });
    return { sessionId: wire.session_id, deleted: wire.deleted };
  }

  /**
   * A URL token for MCP clients that cannot send headers (desktop apps, the MCP Inspector): it opens
   * this session's MCP endpoint and nothing else, so the project key never ends up in a URL.
   */
  createMcpToken(options: McpTokenOptions = {}): Promise<McpUrlToken> {
    return createMcpToken(this.#http, this.#path, options);
  }

  revokeMcpToken(tokenId: string): Promise<void> {
    return revokeMcpToken(this.#http, this.#path, tokenId);
  }

  /** Local tools registered with this session, with the final slugs the agent calls. */
  customTools(): RegisteredCustomTool[] {
    return this.#registry.tools();
  }

  customToolkits(): RegisteredCustomToolkit[] {
    return this.#registry.toolkits();
  }

  #apply(wire: WireSession): void {
    // Local tools keep their routing: an update cannot change them, and the echo of a PATCH lists
    // the stored custom tools, not those attached by `router.use(id, { customTools })`.
    this.#state = sessionState(wire);
  }
}
