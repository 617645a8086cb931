import { isToolRouterError, type ProxyExecute, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { CallCredentials, CredentialBroker } from '../connections/credentials.js';
import { tenantFields, toolkitForTenant } from '../connections/tenant.js';
import { newId } from '../ids.js';
import { type GuardedFetch, type GuardedResponse, isNetworkError } from '../net/index.js';
import { toolkitPasses } from '../sessions/allowed-tools.js';
import type { LoadedSession, SessionService } from '../sessions/session-service.js';
import type { Store } from '../store/store.js';
import { ACCEPT, applyAuth, headerProblem, invalidHeaders, joinUrl, secretValues } from './backends/http-request.js';
import { loggedSessionId } from './classic-session.js';
import type { ExecutionLogger } from './logs/execution-logger.js';

export interface ProxyDeps {
  sessions: SessionService;
  credentials: CredentialBroker;
  http: GuardedFetch;
  store: Store;
  logger: ExecutionLogger;
  timeoutMs: number;
}

export interface ProxyResult {
  status: number;
  data: unknown;
  headers: Record<string, string>;
  log_id: string;
}

// Response headers never handed back: hop-by-hop ones, and cookies the provider set for the account.
const DROPPED_HEADERS = new Set(['set-cookie', 'connection', 'keep-alive', 'transfer-encoding', 'proxy-authenticate']);

/**
 * `proxy_execute`: a raw call to a toolkit's API with the user's credentials, for endpoints no
 * tool covers. It may only reach the toolkit's own base URL (host and path prefix), the toolkit
 * must be allowed by the session, and everything goes through the guarded client.
 */
export class ProxyService {
  constructor(private readonly deps: ProxyDeps) {}

  async execute(projectId: string, sessionId: string, req: ProxyExecute): Promise<ProxyResult> {
    return this.executeIn(projectId, await this.deps.sessions.loadForCall(projectId, sessionId), req);
  }

  /** The proxy call in an already loaded session (or the classic API's stand-in for one). */
  async executeIn(projectId: string, loaded: LoadedSession, req: ProxyExecute, supplied?: CallCredentials): Promise<ProxyResult> {
    const started = performance.now();
    const { row: session, view } = loaded;
    const slug = req.toolkit_slug.toLowerCase();
    const listed = view.requireToolkit(slug, req.toolkit_slug).toolkit;
    // Credentials the caller supplied may bring their own base URL (the egress guard still applies).
    let toolkit = supplied?.baseUrl ? { ...listed, base_url: supplied.baseUrl } : listed;
    if (!toolkitPasses(slug, session.config)) {
      throw refused(`Toolkit "${slug}" is not enabled in this session`, 'Enable the toolkit in the session config, or proxy through a session that has it.');
    }
    const credentialsNow = () =>
      this.deps.credentials.credentialsFor({ projectId, session, toolkit: listed, ...(req.account ? { account: req.account } : {}) });
    // A tenant-host toolkit's address depends on the account, so a stored account's credentials come first.
    const early = !supplied && tenantFields(listed).length > 0 ? await credentialsNow() : undefined;
    if (!supplied?.baseUrl) toolkit = toolkitForTenant(toolkit, (early ?? supplied)?.tenant ?? {});
    const url = targetUrl(toolkit, req.endpoint);
    const headers: Record<string, string> = { accept: ACCEPT };
    const headerErrors: string[] = [];
    for (const [i, p] of (req.parameters ?? []).entries()) {
      if (p.type === 'query') {
        url.searchParams.append(p.name, p.value);
        continue;
      }
      const problem = headerProblem(p.name, p.value);
      if (problem) headerErrors.push(`parameters[${i}].${problem.startsWith('the value') ? 'value' : 'name'}: ${problem}`);
      else headers[p.name.toLowerCase()] = p.value;
    }
    if (headerErrors.length > 0) throw invalidHeaders(headerErrors);
    let body: string | undefined;
    if (req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD') {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }

    let credentials = early ?? supplied ?? (await credentialsNow());
    const secrets = secretValues(credentials.auth);
    const { egress_allow } = await this.deps.store.projectSettings.get(projectId);
    const send = (creds: CallCredentials) => {
      const h = { ...headers };
      const query = new URLSearchParams();
      const cookies: string[] = [];
      applyAuth(creds.auth, h, query, cookies);
      if (cookies.length > 0) h['cookie'] = cookies.join('; ');
      const target = new URL(url);
      for (const [k, v] of query) target.searchParams.set(k, v);
      return this.deps.http(target, {
        method: req.method,
        headers: h,
        body: body ?? null,
        allowedHosts: [toolkit.base_url!],
        allow: egress_allow,
        timeoutMs: this.deps.timeoutMs,
      });
    };

    const logId = newId('log');
    let res: GuardedResponse;
    try {
      res = await send(credentials);
      if (res.status === 401 && !supplied) {
        const renewed = await this.deps.credentials.renewAfterUnauthorized(projectId, credentials);
        if (renewed) {
          credentials = renewed;
          secrets.push(...secretValues(renewed.auth));
          res = await send(renewed);
        }
      }
    } catch (error) {
      const message = isToolRouterError(error) || isNetworkError(error) ? error.message : 'internal error';
      await this.#log(logId, projectId, session, toolkit, req, credentials, started, 'error', message, undefined, secrets);
      if (isToolRouterError(error)) throw error;
      if (isNetworkError(error)) {
        throw new ToolRouterError('PROXY_UPSTREAM_FAILED', `The proxied request failed: ${error.message}`, {
          suggestedFix: 'Check the endpoint; retry later if the provider is down.',
        });
      }
      throw error;
    }
    const data = parse(res);
    const ok = res.status < 400;
    await this.#log(logId, projectId, session, toolkit, req, credentials, started, ok ? 'success' : 'error', ok ? null : `HTTP ${res.status}`, data, secrets);
    const outHeaders: Record<string, string> = {};
    for (const [name, value] of res.headers) if (!DROPPED_HEADERS.has(name)) outHeaders[name] = value;
    return { status: res.status, data, headers: outHeaders, log_id: logId };
  }

  async #log(
    id: string,
    projectId: string,
    session: { id: string; user_id: string },
    toolkit: Toolkit,
    req: ProxyExecute,
    credentials: CallCredentials,
    started: number,
    status: 'success' | 'error',
    error: string | null,
    result: unknown,
    secrets: string[],
  ) {
    await this.deps.logger.write({
      id,
      projectId,
      sessionId: loggedSessionId(session),
      userId: session.user_id,
      toolSlug: 'PROXY_EXECUTE',
      toolkit: toolkit.slug,
      connectedAccountId: credentials.connectedAccountId,
      status,
      durationMs: performance.now() - started,
      error,
      arguments: { method: req.method, endpoint: req.endpoint, parameters: req.parameters ?? [], body: req.body ?? null },
      result: result === undefined ? null : { data: result },
      secrets,
    });
  }
}

/** The absolute URL for `endpoint`, refusing anything outside the toolkit's base URL. */
function targetUrl(toolkit: Toolkit, endpoint: string): URL {
  if (!toolkit.base_url) throw refused(`Toolkit "${toolkit.slug}" has no base URL to proxy to`, 'Proxy only works for toolkits with an HTTP API base URL.');
  const base = new URL(toolkit.base_url);
  let target: URL;
  try {
    target = /^[a-z][a-z0-9+.-]*:/i.test(endpoint) ? new URL(endpoint) : new URL(joinUrl(toolkit.base_url, endpoint));
  } catch {
    throw refused(`"${endpoint}" is not a valid endpoint`, 'Give a path such as /user/repos, or a full URL below the toolkit base URL.');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (target.origin !== base.origin || !(target.pathname === basePath || target.pathname.startsWith(`${basePath}/`))) {
    throw refused(
      `proxy_execute for "${toolkit.slug}" may only reach ${base.origin}${basePath}/…, not ${target.origin}${target.pathname}`,
      `Send a path relative to ${toolkit.base_url}; credentials are never sent to another host.`,
    );
  }
  return target;
}

function refused(message: string, suggestedFix: string): ToolRouterError {
  return new ToolRouterError('PROXY_NOT_ALLOWED', message, { suggestedFix });
}

function parse(res: GuardedResponse): unknown {
  if (res.body.length === 0) return null;
  const text = res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
