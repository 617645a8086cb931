import type { Logger } from 'pino';
import { z } from 'zod';
import type { GuardedFetch } from '../../net/index.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../webhooks/webhook-secret.js';

/** The operator's execute hook (TOOLROUTER_EXECUTE_HOOK_*). */
export interface ExecuteHookSettings {
  url: string;
  /** Signs every delivery (HMAC-SHA256 over `timestamp.body`, like the custom-tool webhooks). */
  secret: string;
  timeoutMs: number;
}

/** What a hook is told about the call. */
export interface HookCall {
  projectId: string;
  sessionId: string | null;
  userId: string;
  toolSlug: string;
  toolkit: string;
  logId: string;
  arguments: Record<string, unknown>;
}

export type BeforeVerdict = { action: 'allow'; arguments: Record<string, unknown> } | { action: 'block'; reason: string };

export interface HookResult {
  data: Record<string, unknown>;
  error: string | null;
}

const BeforeAnswerSchema = z.object({
  action: z.enum(['allow', 'block']).default('allow'),
  arguments: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().max(2_000).optional(),
});

const AfterAnswerSchema = z.object({
  result: z.object({ data: z.record(z.string(), z.unknown()), error: z.string().nullable() }).optional(),
});

/**
 * Before/after-execute hooks: the router posts each app-tool call of a session that asked for
 * them to the operator's webhook. Before the call the hook may allow it (optionally with rewritten
 * arguments) or block it; after, it may rewrite the result. A before hook that cannot be reached,
 * times out or answers nonsense blocks the call (the operator asked to see every call first); an
 * after hook that fails leaves the result as it is (the call already happened).
 */
export class ExecuteHooks {
  constructor(
    private readonly http: GuardedFetch,
    private readonly settings: ExecuteHookSettings,
    private readonly now: () => Date,
    private readonly log?: Logger,
  ) {}

  async before(call: HookCall): Promise<BeforeVerdict> {
    const answer = await this.#deliver('before_execute', call, undefined);
    if (!answer.ok) return { action: 'block', reason: `the execute hook could not be consulted (${answer.problem})` };
    const parsed = BeforeAnswerSchema.safeParse(answer.body);
    if (!parsed.success) return { action: 'block', reason: 'the execute hook answered something other than {action, arguments?, reason?}' };
    if (parsed.data.action === 'block') return { action: 'block', reason: parsed.data.reason ?? 'no reason given' };
    return { action: 'allow', arguments: parsed.data.arguments ?? call.arguments };
  }

  async after(call: HookCall, result: HookResult): Promise<HookResult> {
    const answer = await this.#deliver('after_execute', call, result);
    if (!answer.ok) {
      this.log?.warn({ logId: call.logId, problem: answer.problem }, 'after-execute hook failed; the result is kept');
      return result;
    }
    const parsed = AfterAnswerSchema.safeParse(answer.body);
    return parsed.success && parsed.data.result ? parsed.data.result : result;
  }

  async #deliver(
    type: 'before_execute' | 'after_execute',
    call: HookCall,
    result: HookResult | undefined,
  ): Promise<{ ok: true; body: unknown } | { ok: false; problem: string }> {
    const body = JSON.stringify({
      type,
      log_id: call.logId,
      project_id: call.projectId,
      session_id: call.sessionId,
      user_id: call.userId,
      tool_slug: call.toolSlug,
      toolkit: call.toolkit,
      arguments: call.arguments,
      ...(result ? { result } : {}),
    });
    const timestamp = Math.floor(this.now().getTime() / 1000);
    try {
      const res = await this.http(this.settings.url, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(this.settings.secret, timestamp, body),
        },
        body,
        // The operator named this endpoint, so it may live on a private network.
        allowedHosts: [this.settings.url],
        allow: [new URL(this.settings.url).hostname],
        timeoutMs: this.settings.timeoutMs,
      });
      if (!res.ok) return { ok: false, problem: `HTTP ${res.status}` };
      if (res.body.length === 0) return { ok: true, body: {} };
      return { ok: true, body: res.json() };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : 'unknown failure' };
    }
  }
}
