import type { Logger } from 'pino';
import type { SecretSource } from '../../connections/account-secrets.js';
import type { ExecutionLogEntry, ExecutionStatus, Store } from '../../store/store.js';
import { redact, redactText } from './redact.js';

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
  /**
   * Credentials the call used, as sent (a prefixed key, a renewed token that replaced the stored
   * one). The user's stored secrets are added by the logger itself.
   */
  secrets?: readonly string[];
}

/**
 * Writes one log row per execution, and is the one place where log content is scrubbed. A failure
 * to write is reported but never turns a call that already ran into an error: the caller must
 * learn the outcome of its side effect.
 */
export class ExecutionLogger {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly log?: Logger,
    /** Every secret of the user's accounts; without it only the call's own credentials are scrubbed. */
    private readonly secretSource?: SecretSource,
  ) {}

  async write(input: LogInput): Promise<void> {
    const userSecrets = await this.#userSecrets(input);
    if (userSecrets === undefined) return this.#append(withheld(input, this.now()));
    const secrets = [...(input.secrets ?? []), ...userSecrets];
    await this.#append(
      entryOf(input, this.now(), {
        error: input.error === null ? null : redactText(input.error, secrets),
        arguments: redact(input.arguments, secrets),
        result: input.result === undefined ? null : redact(input.result, secrets),
      }),
    );
  }

  async #append(entry: ExecutionLogEntry): Promise<void> {
    try {
      await this.store.executionLogs.append([entry]);
    } catch (err) {
      this.log?.error({ err, logId: entry.id }, 'writing the execution log failed');
    }
  }

  /**
   * Any entry can quote what the user's accounts carry: a child's result echoing its token, and a
   * parent (multi-execute, workbench) aggregating the results of calls made with other accounts.
   */
  async #userSecrets(input: LogInput): Promise<string[] | undefined> {
    if (!this.secretSource || input.userId === null) return [];
    try {
      return await this.secretSource.forUser(input.projectId, input.userId);
    } catch (err) {
      this.log?.error({ err, logId: input.id }, 'reading the secrets to scrub from the execution log failed; the entry is kept without its content');
      return undefined;
    }
  }
}

type LoggedContent = Pick<ExecutionLogEntry, 'error' | 'arguments' | 'result'>;

/** One log entry: the call's identity and outcome, with its content as given (already scrubbed). */
function entryOf(input: LogInput, now: Date, content: LoggedContent): ExecutionLogEntry {
  return {
    id: input.id,
    project_id: input.projectId,
    session_id: input.sessionId,
    user_id: input.userId,
    tool_slug: input.toolSlug,
    toolkit: input.toolkit,
    connected_account_id: input.connectedAccountId,
    status: input.status,
    duration_ms: input.durationMs,
    ...content,
    parent_id: input.parentId ?? null,
    created_at: now.toISOString(),
  };
}

/** The entry without anything that could quote a secret, for when the secrets to scrub are unknown. */
function withheld(input: LogInput, now: Date): ExecutionLogEntry {
  const note = 'not logged: the secrets to scrub could not be read';
  return entryOf(input, now, { error: input.error === null ? null : note, arguments: { withheld: note }, result: { withheld: note } });
}
