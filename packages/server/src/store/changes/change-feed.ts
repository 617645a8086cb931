/**
 * What one server instance tells the others (and itself) about changes that waiting work must
 * react to: open MCP streams, COMPOSIO_WAIT_FOR_CONNECTIONS, token refreshes held by another
 * instance, the in-memory copies of hot reads (cache/hot-reads.ts). Events carry ids and states, never configuration or secrets: a listener reloads what
 * it needs. (The one exception, `mcp_reply`, carries a client's small answer to the instance
 * awaiting it.)
 */
export type PublishedChange =
  | { kind: 'session_updated' | 'session_deleted'; project_id: string; session_id: string }
  | AccountChange
  /** A key stopped authenticating; instances drop what they remember of verified keys. */
  | { kind: 'api_key_revoked'; project_id: string; key_id: string }
  /** The project's execution settings (egress allowlist, webhook secret) changed. */
  | { kind: 'project_settings_changed'; project_id: string }
  /** The project's catalog revision moved (an import, a removal, a toolkit turned on or off). */
  | { kind: 'catalog_changed'; project_id: string }
  /**
   * A connected account or an auth config of the project was written (any change: connected,
   * refreshed, disabled, deleted, secrets replaced); instances drop the accounts, auth configs and
   * opened credentials they keep for calls. An empty `project_id` means every project (a write
   * whose project the writer did not know, e.g. a refresh lease given up by account id).
   */
  | { kind: 'connections_changed'; project_id: string }
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

/**
 * A connected account changed: connected, refreshed (`version` is its refresh version after the
 * change), expired, failed, disabled or removed (`status` "DELETED").
 */
export interface AccountChange {
  kind: 'account_changed';
  project_id: string;
  user_id: string;
  account_id: string;
  toolkit: string;
  status: string;
  version: number;
}

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
    if (value.kind === 'api_key_revoked' && typeof value.key_id === 'string') {
      return { kind: value.kind, project_id: value.project_id, key_id: value.key_id };
    }
    if (value.kind === 'project_settings_changed' || value.kind === 'catalog_changed' || value.kind === 'connections_changed') {
      return { kind: value.kind, project_id: value.project_id };
    }
    if (
      value.kind === 'account_changed' &&
      typeof value.user_id === 'string' &&
      typeof value.account_id === 'string' &&
      typeof value.toolkit === 'string' &&
      typeof value.status === 'string' &&
      typeof value.version === 'number'
    ) {
      const { user_id, account_id, toolkit, status, version } = value;
      return { kind: value.kind, project_id: value.project_id, user_id, account_id, toolkit, status, version };
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
