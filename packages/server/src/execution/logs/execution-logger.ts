import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ExecutionLogEntry, ExecutionStatus, Store } from '../../store/store.js';
import { redact, redactText } from './redact.js';

export function newLogId(): string {
  return `log_${randomBytes(9).toString('base64url')}`;
}

export interface LogInput {
  id: string;
  projectId: string;
  sessionId: string | null;
  userId: string | null;
  toolSlug: string;
  toolkit: string | null;
  connectedAccountId: string | null;
  status: ExecutionStatus;
  durationMs: number;
  error: string | null;
  arguments: unknown;
  result: unknown;
  parentId?: string | null;
  /** Credentials used by the call; scrubbed from everything logged. */
  secrets?: readonly string[];
}

/**
 * Writes one log row per execution. A failure to write is reported but never turns a call that
 * already ran into an error: the caller must learn the outcome of its side effect.
 */
export class ExecutionLogger {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly log?: Logger,
  ) {}

  async write(input: LogInput): Promise<void> {
    const secrets = input.secrets ?? [];
    const entry: ExecutionLogEntry = {
      id: input.id,
      project_id: input.projectId,
      session_id: input.sessionId,
      user_id: input.userId,
      tool_slug: input.toolSlug,
      toolkit: input.toolkit,
      connected_account_id: input.connectedAccountId,
      status: input.status,
      duration_ms: input.durationMs,
      error: input.error === null ? null : redactText(input.error, secrets),
      arguments: redact(input.arguments, secrets),
      result: input.result === undefined ? null : redact(input.result, secrets),
      parent_id: input.parentId ?? null,
      created_at: this.now().toISOString(),
    };
    try {
      await this.store.executionLogs.append([entry]);
    } catch (err) {
      this.log?.error({ err, logId: input.id }, 'writing the execution log failed');
    }
  }
}
