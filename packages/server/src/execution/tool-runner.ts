import { isToolRouterError, type Tool, type ToolBinding, ToolRouterError } from '@toolrouter/core';
import type { Logger } from 'pino';
import type { CallCredentials, CredentialBroker } from '../connections/credentials.js';
import { toolkitForTenant } from '../connections/tenant.js';
import { newId } from '../ids.js';
import type { SearchService } from '../search/search-service.js';
import { blockedReason } from '../sessions/allowed-tools.js';
import { isLocalSlug } from '../sessions/custom-tools.js';
import { SESSION_DEFAULTS } from '../sessions/render-session.js';
import type { LoadedSession } from '../sessions/session-service.js';
import { pinMismatch } from '../sessions/version-pins.js';
import type { ApprovalRow, ExecutionStatus, Store } from '../store/store.js';
import type { ArgumentValidator } from './argument-validator.js';
import type { BackendOutcome, ToolBackend } from './backends/backend.js';
import { secretValues } from './backends/http-request.js';
import { loggedSessionId } from './classic-session.js';
import type { ExecuteHooks, HookCall } from './hooks/execute-hooks.js';
import type { ExecutionLogger } from './logs/execution-logger.js';
import { offloadIfLarge } from './offload.js';
import type { ApprovalService } from './permissions/approval-service.js';
import { NO_ACCOUNT, permissionFor } from './permissions/policy.js';

/** Per-call hooks for the caller's transport (the MCP endpoint decides approvals by elicitation). */
export interface ExecuteOptions {
  /** Ask the human now; undefined when the client has no way to ask (then an approval request is returned). */
  askApproval?: (request: ApprovalRow, tool: Tool) => Promise<'approve' | 'deny' | undefined>;
  /** The origin the caller reached this server on: Connect Links made during the call point there. */
  origin?: string;
}

export interface ToolRunRequest {
  slug: string;
  arguments: Record<string, unknown>;
  account?: string | undefined;
  /** Credentials the caller supplied for this one call (classic custom auth): no stored account is used. */
  credentials?: CallCredentials | undefined;
  parentId?: string;
  /** Replace results above the session's offload threshold by a handle. */
  offload: boolean;
}

export interface ToolRunResult {
  data: Record<string, unknown>;
  error: string | null;
  log_id: string;
  status: ExecutionStatus;
  /** Whether a backend was invoked (a side effect may have happened). */
  ran: boolean;
}

export interface ToolRunnerDeps {
  store: Store;
  search: SearchService;
  /** Search learns from a successful call in a session; by default at once (`search.recordExecution`). */
  learnFrom?: (projectId: string, sessionId: string, toolSlug: string) => Promise<unknown>;
  credentials: CredentialBroker;
  backends: Partial<Record<ToolBinding['kind'], ToolBackend>>;
  approvals: ApprovalService;
  logger: ExecutionLogger;
  validator: ArgumentValidator;
  now: () => Date;
  timeoutMs: number;
  /** The operator's execute hook, for sessions that ask for it (`hooks`). */
  hooks?: ExecuteHooks;
  log?: Logger;
}

/**
 * The pipeline for one app tool: session filters → argument validation → account and
 * credentials → permissions (approval) → backend (one retry after a provider 401) → result
 * shaping and offload → execution log → learning for search. Every refusal comes back as a
 * readable `error` the agent can act on; only an unknown tool is an HTTP error.
 */
export class ToolRunner {
  constructor(private readonly deps: ToolRunnerDeps) {}

  async run(projectId: string, loaded: LoadedSession, req: ToolRunRequest, options: ExecuteOptions = {}): Promise<ToolRunResult> {
    const started = performance.now();
    const { row: session, view } = loaded;
    const slug = req.slug.trim().toUpperCase();
    const logId = newId('log');
    let toolkitSlug: string | null = null;
    let accountId: string | null = null;
    let secrets: string[] = [];
    const finish = async (status: ExecutionStatus, data: Record<string, unknown>, error: string | null, ran: boolean): Promise<ToolRunResult> => {
      await this.deps.logger.write({
        id: logId,
        projectId,
        sessionId: loggedSessionId(session),
        userId: session.user_id,
        toolSlug: slug,
        toolkit: toolkitSlug,
        connectedAccountId: accountId,
        status,
        durationMs: performance.now() - started,
        error,
        arguments: req.arguments,
        result: data,
        parentId: req.parentId ?? null,
        secrets,
      });
      return { data, error, log_id: logId, status, ran };
    };

    const tool = view.tool(slug);
    if (!tool && isLocalSlug(slug)) {
      return finish(
        'error',
        {},
        `${slug} is a custom tool that runs in your application: the client SDK executes it in-process, so the server cannot. Call it through the SDK session (session.execute or the tools it returns).`,
        false,
      );
    }
    const offToolkit = tool ? undefined : view.turnedOffToolkitOf(slug);
    if (offToolkit) {
      toolkitSlug = offToolkit;
      return finish('denied', {}, `${slug} cannot run: its toolkit "${offToolkit}" is turned off for this project by the operator.`, false);
    }
    if (!tool) {
      const hint = view.suggestTool(slug);
      throw new ToolRouterError('TOOL_NOT_FOUND', `No tool "${req.slug}"`, {
        suggestedFix: hint ? `Did you mean "${hint}"? Or find tools with COMPOSIO_SEARCH_TOOLS.` : 'Find tools with COMPOSIO_SEARCH_TOOLS.',
      });
    }
    toolkitSlug = tool.toolkit;
    const blocked = blockedReason(tool, session.config);
    if (blocked)
      return finish('denied', {}, `${slug} is not available in this session: ${blocked}. Search for an allowed tool or change the session config.`, false);
    const pinProblem = pinMismatch(view, session.config, tool);
    if (pinProblem) return finish('denied', {}, `${slug} did not run: ${pinProblem}.`, false);

    const problems = this.deps.validator.problems(tool.input_parameters, req.arguments);
    if (problems.length > 0) return finish('error', {}, `Invalid arguments for ${slug}: ${problems.join('; ')}`, false);

    const backend = this.deps.backends[tool.binding.kind];
    if (tool.binding.kind === 'none' || !backend) {
      const why = tool.binding.kind === 'none' ? tool.binding.reason : `no backend runs ${tool.binding.kind} tools`;
      return finish('error', {}, `${slug} cannot be executed by this server: ${why}.`, false);
    }
    let toolkit = view.toolkit(tool.toolkit)!.toolkit;

    let credentials: CallCredentials;
    try {
      credentials = req.credentials ?? (await this.#credentials(projectId, loaded, tool, req.account));
      // A tenant-host toolkit (https://{subdomain}.zendesk.com) runs against the account's own host,
      // unless the caller supplied its own base URL with its own credentials (applied below).
      if (!credentials.baseUrl) toolkit = toolkitForTenant(toolkit, credentials.tenant ?? {});
    } catch (error) {
      if (!isToolRouterError(error)) throw error;
      const details = [error.message, ...error.errors].join('; ');
      return finish('error', {}, `${details}.${error.suggestedFix ? ` ${error.suggestedFix}` : ''}`, false);
    }
    accountId = credentials.connectedAccountId;
    secrets = secretValues(credentials.auth);
    // The caller's own base URL goes with the caller's own credentials only (the egress guard still applies).
    if (credentials.baseUrl) toolkit = { ...toolkit, base_url: credentials.baseUrl };

    const permission = permissionFor(session.config, slug, accountId, tool);
    if (permission.kind === 'deny') {
      return finish('denied', {}, `${slug} is denied by this session's permissions (${permission.because}).`, false);
    }
    if (permission.kind === 'ask') {
      const verdict = await this.#approve(projectId, session.id, tool, accountId, req.arguments, permission.rule, options);
      if (verdict === 'denied') return finish('denied', {}, `${slug} was not approved by the user, so it did not run.`, false);
      if (verdict !== 'allowed') {
        return finish(
          'approval_required',
          {
            approval_required: true,
            approval_id: verdict.id,
            tool_slug: slug,
            expires_at: verdict.expires_at,
            rule: verdict.rule,
          },
          `${slug} needs the user's approval before it runs (${permission.because}). Ask the application to approve request ${verdict.id} (POST /api/v3.1/approvals/${verdict.id}/approve), then run the same call again with the same arguments.`,
          false,
        );
      }
    }

    const wanted = session.config.hooks;
    const hookCall: HookCall = {
      projectId,
      sessionId: loggedSessionId(session),
      userId: session.user_id,
      toolSlug: slug,
      toolkit: tool.toolkit,
      logId,
      arguments: req.arguments,
    };
    let args = req.arguments;
    if (wanted?.before_execute) {
      if (!this.deps.hooks)
        return finish(
          'denied',
          { resultType: 'blocked', reason: 'no execute hook is configured' },
          `${slug} did not run: the session asks for a before-execute hook, but the operator configured none (TOOLROUTER_EXECUTE_HOOK_URL).`,
          false,
        );
      const verdict = await this.deps.hooks.before(hookCall);
      if (verdict.action === 'block') {
        return finish(
          'denied',
          { resultType: 'blocked', reason: verdict.reason },
          `${slug} was blocked by the operator's execute hook: ${verdict.reason}`,
          false,
        );
      }
      if (verdict.arguments !== req.arguments) {
        // Rewritten arguments must still fit the tool, exactly like the caller's.
        const rewritten = this.deps.validator.problems(tool.input_parameters, verdict.arguments);
        if (rewritten.length > 0)
          return finish('error', {}, `The execute hook rewrote the arguments of ${slug} into invalid ones: ${rewritten.join('; ')}`, false);
        args = verdict.arguments;
      }
    }

    const { egress_allow } = await this.deps.store.projectSettings.get(projectId);
    const call = { projectId, session, tool, toolkit, arguments: args, credentials, egressAllow: egress_allow, timeoutMs: this.deps.timeoutMs };
    let outcome: BackendOutcome;
    try {
      outcome = await backend.run(call);
      if (outcome.unauthorized && !req.credentials) {
        // The provider rejected the token: renew once (shared with concurrent callers) and retry once.
        const renewed = await this.deps.credentials.renewAfterUnauthorized(projectId, credentials);
        if (renewed) {
          secrets = [...secrets, ...secretValues(renewed.auth)];
          outcome = await backend.run({ ...call, credentials: renewed });
        }
      }
    } catch (error) {
      this.deps.log?.error({ err: error, logId, tool: slug }, 'tool backend failed');
      return finish('error', {}, `Running ${slug} failed inside the router; the operator can find details under log id ${logId}.`, true);
    }

    let data = outcome.data;
    if (wanted?.after_execute && this.deps.hooks) {
      const rewritten = await this.deps.hooks.after({ ...hookCall, arguments: args }, { data: outcome.data, error: outcome.error });
      outcome = { ...outcome, data: rewritten.data, error: rewritten.error };
      data = outcome.data;
    }
    if (outcome.error === null && req.offload) {
      const threshold = session.config.workbench?.auto_offload_threshold ?? SESSION_DEFAULTS.autoOffloadThreshold;
      data = await offloadIfLarge(this.deps.store, this.deps.now(), { projectId, sessionId: session.id, logId, data, threshold });
    }
    const result = await finish(outcome.error === null ? 'success' : 'error', data, outcome.error, true);
    if (outcome.error === null && loggedSessionId(session) !== null) {
      // Search learns which tool a query led to; a failure here must never fail the call.
      const learn = this.deps.learnFrom ?? ((p: string, id: string, tool: string) => this.deps.search.recordExecution(p, id, tool));
      await learn(projectId, session.id, slug).catch((err: unknown) => this.deps.log?.warn({ err }, 'recording usage for search failed'));
    }
    return result;
  }

  /** Tools marked no_auth run without an account when the user has none. */
  async #credentials(projectId: string, loaded: LoadedSession, tool: Tool, account: string | undefined): Promise<CallCredentials> {
    const toolkit = loaded.view.toolkit(tool.toolkit)!.toolkit;
    try {
      return await this.deps.credentials.credentialsFor({ projectId, session: loaded.row, toolkit, ...(account ? { account } : {}) });
    } catch (error) {
      if (tool.no_auth && isToolRouterError(error) && error.code === 'NO_ACTIVE_CONNECTION') return { connectedAccountId: null, auth: { mode: 'NO_AUTH' } };
      throw error;
    }
  }

  async #approve(
    projectId: string,
    sessionId: string,
    tool: Tool,
    accountId: string | null,
    args: Record<string, unknown>,
    rule: 'ask_once' | 'ask_always',
    options: ExecuteOptions,
  ): Promise<'allowed' | 'denied' | ApprovalRow> {
    const approvals = this.deps.approvals;
    const verdict = await approvals.check({ projectId, sessionId, toolSlug: tool.slug, accountKey: accountId ?? NO_ACCOUNT, arguments: args, rule });
    if (verdict.allowed) return 'allowed';
    if (!options.askApproval) return verdict.request;
    const answer = await options.askApproval(verdict.request, tool);
    if (answer === undefined) return verdict.request;
    const decided = await approvals.decide(projectId, verdict.request.id, answer === 'approve' ? 'approved' : 'denied');
    if (decided.status !== 'approved') return 'denied';
    return (await approvals.consumeDecided(projectId, decided)) ? 'allowed' : verdict.request;
  }
}
