import { isToolRouterError } from '@toolrouter/core';
import { type GuardedFetch, isNetworkError } from '../../net/index.js';
import type { BackendCall, BackendOutcome, ToolBackend } from './backend.js';
import { type BuiltRequest, buildHttpRequest } from './http-request.js';
import { shapeHttpResponse } from './http-response.js';

/** Catalog tools bound to an HTTP call on the toolkit's base URL (OpenAPI imports, GitHub, YAML toolkits). */
export class HttpBackend implements ToolBackend {
  constructor(private readonly http: GuardedFetch) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const { tool, toolkit } = call;
    if (tool.binding.kind !== 'http') throw new Error(`HttpBackend cannot run a ${tool.binding.kind} tool`);
    if (!toolkit.base_url) {
      return { data: {}, error: `Toolkit "${toolkit.slug}" has no base URL, so ${tool.slug} cannot be called; re-import it with base_url.` };
    }
    let request: BuiltRequest;
    try {
      request = buildHttpRequest(toolkit.base_url, tool.binding, call.arguments, call.credentials.auth);
    } catch (error) {
      // Arguments (or a credential) that cannot go into the request: said like any invalid argument.
      if (!isToolRouterError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return { data: {}, error: `Invalid arguments for ${tool.slug}: ${error.errors.join('; ')}` };
      return { data: {}, error: `${error.message}.${error.suggestedFix ? ` ${error.suggestedFix}` : ''}` };
    }
    return sendGuarded(this.http, request, {
      // Credentials may only ever go to the toolkit's own host, also across redirects.
      allowedHosts: [toolkit.base_url],
      allow: call.egressAllow,
      timeoutMs: call.timeoutMs,
      offHostRedirect: 'return',
    });
  }
}

/** Sends one request through the guarded client; refusals and network failures become readable errors. */
export async function sendGuarded(
  http: GuardedFetch,
  request: { url: string; method: string; headers: Record<string, string>; body?: string | URLSearchParams },
  limits: { allowedHosts: string[]; allow: readonly string[]; timeoutMs: number; offHostRedirect?: 'refuse' | 'return' },
): Promise<BackendOutcome> {
  try {
    const res = await http(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      allowedHosts: limits.allowedHosts,
      allow: limits.allow,
      timeoutMs: limits.timeoutMs,
      offHostRedirect: limits.offHostRedirect ?? 'refuse',
    });
    return shapeHttpResponse(res);
  } catch (error) {
    const outcome = refusedOutcome(error);
    if (outcome) return outcome;
    throw error;
  }
}

/** A refusal by the egress guard or a network failure as a readable outcome; undefined for anything else (a bug). */
export function refusedOutcome(error: unknown): BackendOutcome | undefined {
  if (isToolRouterError(error) && error.code === 'EGRESS_DENIED') {
    return { data: {}, error: `${error.message}${error.suggestedFix ? ` ${error.suggestedFix}` : ''}` };
  }
  if (isNetworkError(error)) return { data: {}, error: error.message };
  return undefined;
}
