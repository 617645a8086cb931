import type { Logger } from 'pino';
import type { SecretSource } from '../../connections/account-secrets.js';
import { BatchWriter, type BatchWriterOptions } from '../../store/log-batches.js';
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

/** A call's log as handed over, with the time it was handed over (its `created_at`). */
interface PendingLog {
  input: LogInput;
  at: Date;
}

/**
 * Writes one log row per execution, and is the one place where log content is scrubbed. Entries
 * wait in a bounded queue and are scrubbed and written in batches off the request path (see
 * store/log-batches.ts): the user's stored secrets are read once per user per batch, not per call.
 * A failure to write is reported but never turns a call that already ran into an error: the
 * caller must learn the outcome of its side effect.
 */
export class ExecutionLogger {
  readonly #queue: BatchWriter<PendingLog>;
  readonly #writeThrough: boolean;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly log?: Logger,
    /** Every secret of the user's accounts; without it only the call's own credentials are scrubbed. */
    private readonly secretSource?: SecretSource,
    /** Batching; without it each entry is written before `write` resolves. */
    batches?: Omit<BatchWriterOptions, 'onError'>,
  ) {
    this.#writeThrough = batches === undefined;
    this.#queue = new BatchWriter((batch) => this.#writeBatch(batch), {
      ...(batches ?? { intervalMs: 0, maxBatch: 500, maxQueued: 500 }),
      onError: (err, lost) => this.log?.error({ err, lost }, 'writing execution logs failed; the entries of this batch are lost'),
    });
  }

  async write(input: LogInput): Promise<void> {
    await this.#queue.add({ input, at: this.now() });
    if (this.#writeThrough) await this.#queue.flush();
  }

  /** Resolves once every entry written before is stored (readers call it first). */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  /** Stores what is queued; later entries are written at once (graceful stop). */
  close(): Promise<void> {
    return this.#queue.close();
  }

  async #writeBatch(batch: PendingLog[]): Promise<void> {
    const secretsOf = new Map<string, Promise<string[] | undefined>>();
    const entries: ExecutionLogEntry[] = [];
    for (const { input, at } of batch) {
      const user = `${input.projectId}\0${input.userId ?? ''}`;
      let userSecrets = secretsOf.get(user);
      if (!userSecrets) secretsOf.set(user, (userSecrets = this.#userSecrets(input)));
      const known = await userSecrets;
      if (known === undefined) {
        entries.push(withheld(input, at));
        continue;
      }
      const secrets = [...(input.secrets ?? []), ...known];
      entries.push(
        entryOf(input, at, {
          error: input.error === null ? null : redactText(input.error, secrets),
          arguments: redact(input.arguments, secrets),
          result: input.result === undefined ? null : redact(input.result, secrets),
        }),
      );
    }
    await this.store.executionLogs.append(entries);
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
