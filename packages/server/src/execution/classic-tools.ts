import { type ClassicProxy, type ClassicToolExecute, isMetaToolSlug, LATEST_VERSION, META_TOOLS, ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SessionRow, Store } from '../store/store.js';
import { classicSession } from './classic-session.js';
import type { ExecutionService } from './execution-service.js';
import type { ProxyResult, ProxyService } from './proxy.js';
import { suppliedCredentials } from './supplied-credentials.js';
import type { TextArguments } from './text-arguments.js';
import type { ToolRunner } from './tool-runner.js';

/**
 * Who a classic proxy call with caller-supplied credentials runs for in the execution log: the body
 * names no user, and the reference clients' default user id is this one.
 */
const SUPPLIED_AUTH_USER = 'default';

/** Supplied credentials replace a stored account, so naming one too is ambiguous; a meta-tool uses its session's accounts. */
function refuseSuppliedWith(slug: string, connectedAccountId: string | undefined): void {
  if (connectedAccountId !== undefined) {
    throw new ToolRouterError('VALIDATION_FAILED', 'Send either connected_account_id or credentials with the call, not both', {
      errors: ['connected_account_id: not allowed together with custom_auth_params or custom_connection_data'],
      suggestedFix: 'Leave out connected_account_id to use the credentials you send, or leave out the credentials to use the stored account.',
    });
  }
  if (isMetaToolSlug(slug)) {
    throw new ToolRouterError(
      'VALIDATION_FAILED',
      `${slug} is a meta-tool: it runs in a session with that session's accounts, not with credentials sent along`,
      {
        errors: ['custom_auth_params, custom_connection_data: not accepted for meta-tools'],
        suggestedFix: 'Leave out custom_auth_params and custom_connection_data for meta-tools.',
      },
    );
  }
}

export interface ClassicToolDeps {
  store: Store;
  catalog: CatalogService;
  sessions: SessionService;
  execution: ExecutionService;
  runner: ToolRunner;
  proxy: ProxyService;
  /** The operator's model for `text` arguments; without it `text` is refused. */
  textArguments?: TextArguments | undefined;
}

/** What the classic execute answers (the reference `ToolExecuteResponse`). */
export interface ClassicExecuteResult {
  data: Record<string, unknown>;
  error: string | null;
  successful: boolean;
  log_id: string;
}

/**
 * The classic tools API: what `composio.tools.execute` / `proxyExecute` and the non-agentic
 * providers' `handleToolCalls` call, with a user id instead of a session. App tools run through
 * the same pipeline as a session execute (account choice, refresh, permissions, logs, egress) in a
 * stand-in session of that user. Meta-tools only make sense inside a real session: the one named
 * by `arguments.session_id`, else the one the user worked in last.
 */
export class ClassicToolService {
  constructor(private readonly deps: ClassicToolDeps) {}

  async execute(projectId: string, rawSlug: string, body: ClassicToolExecute): Promise<ClassicExecuteResult> {
    if (body.text !== undefined && !this.deps.textArguments) {
      throw new ToolRouterError('TEXT_ARGUMENTS_UNAVAILABLE', 'This server has no model configured to turn a plain-language "text" into tool arguments', {
        suggestedFix:
          'Send the tool arguments themselves in "arguments" (see the tool input_parameters from GET /api/v3.1/tools/{slug}); operators can set TOOLROUTER_TEXT_MODEL_URL.',
      });
    }
    if (body.text !== undefined && body.arguments !== undefined && Object.keys(body.arguments).length > 0) {
      throw new ToolRouterError('VALIDATION_FAILED', 'Send either "arguments" or "text", not both', {
        errors: ['text: not allowed together with arguments'],
        suggestedFix: 'Leave out "text" when you know the arguments.',
      });
    }
    const slug = rawSlug.trim().toUpperCase();
    const supplying = body.custom_auth_params !== undefined || body.custom_connection_data !== undefined;
    if (supplying) refuseSuppliedWith(slug, body.connected_account_id);
    const args = body.text !== undefined ? await this.#argumentsFromText(projectId, slug, body.text) : (body.arguments ?? {});
    const userId = body.user_id ?? body.entity_id;

    if (isMetaToolSlug(slug)) {
      const session = await this.#sessionForMeta(projectId, args, userId);
      const result = await this.deps.execution.execute(projectId, session.id, {
        tool_slug: slug,
        arguments: args,
        ...(body.connected_account_id ? { account: body.connected_account_id } : {}),
      });
      return { ...result, successful: result.error === null };
    }

    const owner = userId ?? (await this.#accountOwner(projectId, body.connected_account_id));
    const view = await this.deps.catalog.view(projectId);
    const toolkit = view.tool(slug)?.toolkit;
    // A version other than "latest" is honoured like a session pin: the call is refused, not run
    // on another version, when this server does not hold it.
    const pin = toolkit && body.version && body.version !== LATEST_VERSION ? { toolkit_versions: { [toolkit]: body.version } } : {};
    const loaded = classicSession(projectId, owner, view, pin);
    // An unknown tool has no toolkit: the runner answers it (404) before any credentials are needed.
    const credentials = supplying && toolkit ? suppliedCredentials(view.toolkit(toolkit)!.toolkit, body) : undefined;
    const result = await this.deps.runner.run(projectId, loaded, {
      slug,
      arguments: args,
      account: body.connected_account_id,
      credentials,
      // Offloaded results are kept per session; a classic call has none, so it answers whole.
      offload: false,
    });
    return { data: result.data, error: result.error, successful: result.error === null, log_id: result.log_id };
  }

  /**
   * The classic proxy: the connected account names both the user and the toolkit; with
   * `custom_connection_data` instead, its toolkitSlug names the toolkit and no account is used.
   */
  async proxy(projectId: string, body: ClassicProxy): Promise<ProxyResult> {
    if (body.binary_body !== undefined) {
      throw new ToolRouterError('VALIDATION_FAILED', 'This server proxies JSON or text bodies only', {
        suggestedFix: 'Send the payload in "body" and leave out binary_body.',
        errors: ['binary_body: not supported'],
      });
    }
    const request = {
      endpoint: body.endpoint,
      method: body.method,
      ...(body.body !== undefined ? { body: body.body } : {}),
      ...(body.parameters ? { parameters: body.parameters } : {}),
    };
    const view = await this.deps.catalog.view(projectId);
    const supplied = body.custom_connection_data;
    if (supplied) {
      refuseSuppliedWith('PROXY_EXECUTE', body.connected_account_id);
      const toolkit = view.requireToolkit(supplied.toolkitSlug, supplied.toolkitSlug).toolkit;
      const credentials = suppliedCredentials(toolkit, { custom_connection_data: supplied });
      return this.deps.proxy.executeIn(projectId, classicSession(projectId, SUPPLIED_AUTH_USER, view), { ...request, toolkit_slug: toolkit.slug }, credentials);
    }
    if (!body.connected_account_id) {
      throw new ToolRouterError('EXECUTION_TARGET_MISSING', 'A proxied call without a session needs connected_account_id', {
        suggestedFix:
          'Pass the connected_account_id of the account to call as (it names the toolkit and user), send custom_connection_data, or use POST …/tool_router/session/{id}/proxy_execute.',
      });
    }
    const account = await this.#account(projectId, body.connected_account_id);
    return this.deps.proxy.executeIn(projectId, classicSession(projectId, account.user_id, view), {
      ...request,
      toolkit_slug: account.toolkit_slug,
      account: account.id,
    });
  }

  /** The tool's arguments from plain language, by the operator's model. */
  async #argumentsFromText(projectId: string, slug: string, text: string): Promise<Record<string, unknown>> {
    const meta = isMetaToolSlug(slug) ? META_TOOLS[slug] : undefined;
    const tool = meta ?? (await this.deps.catalog.view(projectId)).tool(slug);
    if (!tool) throw new ToolRouterError('TOOL_NOT_FOUND', `No tool "${slug}"`, { suggestedFix: 'List tools with GET /api/v3.1/tools?search=...' });
    return this.deps.textArguments!.argumentsFor(
      { slug, description: tool.description, input_parameters: tool.input_parameters as Record<string, unknown> },
      text,
    );
  }

  async #sessionForMeta(projectId: string, args: Record<string, unknown>, userId: string | undefined): Promise<SessionRow> {
    const named = typeof args['session_id'] === 'string' ? args['session_id'] : undefined;
    if (named) {
      const row = await this.deps.store.sessions.get(projectId, named);
      if (row && (userId === undefined || row.user_id === userId)) return row;
    }
    const recent = userId === undefined ? undefined : await this.deps.sessions.mostRecentlyUsed(projectId, userId);
    if (recent) return recent;
    throw new ToolRouterError('EXECUTION_TARGET_MISSING', 'A meta-tool runs inside a tool router session, and none was found for this call', {
      suggestedFix: named
        ? `"${named}" is not a session of this user; pass the id of one (trs_...) in arguments.session_id, or create one with POST /api/v3.1/tool_router/session.`
        : 'Create a session for the user (POST /api/v3.1/tool_router/session) or pass its id in arguments.session_id.',
    });
  }

  async #accountOwner(projectId: string, accountId: string | undefined): Promise<string> {
    if (accountId) return (await this.#account(projectId, accountId)).user_id;
    throw new ToolRouterError('EXECUTION_TARGET_MISSING', 'A tool call without a session needs user_id (or connected_account_id)', {
      suggestedFix: 'Pass the user_id of the end user the tool runs for.',
      errors: ['user_id: required'],
    });
  }

  async #account(projectId: string, accountId: string) {
    const account = await this.deps.store.accounts.get(projectId, accountId);
    if (!account) {
      throw new ToolRouterError('CONNECTED_ACCOUNT_NOT_FOUND', `No connected account "${accountId}" in this project`, {
        suggestedFix: "List the user's accounts with GET /api/v3.1/connected_accounts?user_ids=...",
      });
    }
    return account;
  }
}
