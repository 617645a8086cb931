/**
 * What one server instance tells the others (and itself) about changes that open MCP streams must
 * react to. Events carry ids, never configuration or secrets: a listener reloads what it needs.
 * (The one exception, `mcp_reply`, carries a client's small answer to the instance awaiting it.)
 */
export type PublishedChange =
  | { kind: 'session_updated' | 'session_deleted'; project_id: string; session_id: string }
  /** A user's connected accounts changed (connected, refreshed into a new state, removed). */
  | { kind: 'connections_changed'; project_id: string; user_id: string }
  /**
   * An MCP client's answer to a request the server sent it (e.g. elicitation), received by an
   * instance other than the one waiting for it. `reply_to` is the unguessable id the server used.
   */
  | { kind: 'mcp_reply'; project_id: string; session_id: string; reply_to: string; message: Record<string, unknown> };

/**
 * `resync` is never published: a feed delivers it to its own listeners when events may have been
 * missed (e.g. after its database connection was lost), so they re-check what they watch.
 */
export type ChangeEvent = PublishedChange | { kind: 'resync' };

export type ChangeListener = (event: ChangeEvent) => void;

export interface ChangeSubscription {
  /**
   * Settles once the feed is watching: every change published after that reaches the listener.
   * Never rejects; on a database error the feed keeps retrying and later delivers `resync`.
   */
  readonly ready: Promise<void>;
  unsubscribe(): void;
}

/**
 * A database-wide broadcast. `publish` reaches the listeners of every feed on the same database,
 * this process's included, at most a fraction of a second later; delivery is best-effort (a
 * listener that must not miss a change re-checks state on `resync`).
 */
export interface ChangeFeed {
  publish(change: PublishedChange): Promise<void>;
  /** The feed only watches the database while it has listeners. */
  subscribe(listener: ChangeListener): ChangeSubscription;
  close(): Promise<void>;
}

/** Parses a payload written by a feed; undefined for anything malformed. */
export function parseChange(payload: string): PublishedChange | undefined {
  try {
    const value = JSON.parse(payload) as Partial<Record<string, unknown>>;
    if (typeof value.project_id !== 'string') return undefined;
    if ((value.kind === 'session_updated' || value.kind === 'session_deleted') && typeof value.session_id === 'string') {
      return { kind: value.kind, project_id: value.project_id, session_id: value.session_id };
    }
    if (value.kind === 'connections_changed' && typeof value.user_id === 'string') {
      return { kind: value.kind, project_id: value.project_id, user_id: value.user_id };
    }
    if (
      value.kind === 'mcp_reply' &&
      typeof value.session_id === 'string' &&
      typeof value.reply_to === 'string' &&
      typeof value.message === 'object' &&
      value.message !== null
    ) {
      return {
        kind: value.kind,
        project_id: value.project_id,
        session_id: value.session_id,
        reply_to: value.reply_to,
        message: value.message as Record<string, unknown>,
      };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Listener bookkeeping shared by the implementations; one failing listener never stops the others. */
export class Listeners {
  readonly #set = new Set<ChangeListener>();

  get size(): number {
    return this.#set.size;
  }

  add(listener: ChangeListener): () => boolean {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  emit(event: ChangeEvent, onError: (error: unknown) => void): void {
    for (const listener of [...this.#set]) {
      try {
        listener(event);
      } catch (error) {
        onError(error);
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}
