import type { Logger } from 'pino';
import type { ChangeEvent, ChangeFeed, ChangeSubscription, SessionRepo } from '../store/store.js';

export interface WatchedSession {
  projectId: string;
  sessionId: string;
  userId: string;
  /** The config version the client last saw. */
  configVersion: number;
}

export interface WatchCallbacks {
  /** The session's tool list may have changed. */
  changed(): void;
  /** The session is gone; the stream should end. */
  ended(): void;
}

export interface Watch {
  /** Settles once changes made from now on will be noticed. */
  ready: Promise<void>;
  stop(): void;
}

/** Connection signals (connected accounts changing state); each carries the project and user. */
export interface AccountSignals {
  subscribe(listener: (signal: { project_id: string; user_id: string }) => void): Promise<() => void>;
}

interface Entry extends WatchedSession, WatchCallbacks {
  checking: Promise<void> | undefined;
  /** A change arrived while a check was running; that check may have read the old row. */
  again: boolean;
}

/**
 * Tells open MCP streams when their session's tools may have changed. One subscription to the
 * database-wide change feed serves every stream of this process (and only exists while a stream
 * is open); each event costs at most one session read per affected stream, nothing per request.
 */
export class ToolListWatcher {
  readonly #feed: ChangeFeed;
  readonly #sessions: SessionRepo;
  readonly #log: Logger;
  readonly #accounts: AccountSignals | undefined;
  readonly #entries = new Set<Entry>();
  #subscription: ChangeSubscription | undefined;
  #accountSubscription: Promise<(() => void) | undefined> | undefined;

  constructor(feed: ChangeFeed, sessions: SessionRepo, log: Logger, accounts?: AccountSignals) {
    this.#feed = feed;
    this.#sessions = sessions;
    this.#log = log;
    this.#accounts = accounts;
  }

  get size(): number {
    return this.#entries.size;
  }

  watch(session: WatchedSession, callbacks: WatchCallbacks): Watch {
    const entry: Entry = { ...session, ...callbacks, checking: undefined, again: false };
    this.#entries.add(entry);
    this.#subscription ??= this.#feed.subscribe((event) => this.#on(event));
    this.#accountSubscription ??= this.#accounts
      ?.subscribe((signal) => this.#on({ kind: 'connections_changed', project_id: signal.project_id, user_id: signal.user_id }))
      .catch((error: unknown) => {
        this.#log.warn({ err: error }, 'could not listen for connection changes');
        return undefined;
      });
    // The session was read before the feed was listening: a change in between is caught here.
    const accountsReady = this.#accountSubscription ?? Promise.resolve(undefined);
    const ready = Promise.all([this.#subscription.ready, accountsReady]).then(() => this.#recheck(entry));
    return {
      ready,
      stop: () => {
        this.#entries.delete(entry);
        if (this.#entries.size === 0) {
          this.#subscription?.unsubscribe();
          this.#subscription = undefined;
          void this.#accountSubscription?.then((unsubscribe) => unsubscribe?.());
          this.#accountSubscription = undefined;
        }
      },
    };
  }

  #on(event: ChangeEvent): void {
    for (const entry of this.#entries) {
      switch (event.kind) {
        case 'session_updated':
        case 'session_deleted':
          if (entry.sessionId === event.session_id && entry.projectId === event.project_id) void this.#recheck(entry);
          break;
        case 'connections_changed':
          if (entry.userId === event.user_id && entry.projectId === event.project_id) this.#notify(entry);
          break;
        case 'resync':
          void this.#recheck(entry);
          break;
      }
    }
  }

  /** Re-reads the session; notifies when its config moved on, ends the stream when it is gone. */
  #recheck(entry: Entry): Promise<void> {
    if (entry.checking) {
      entry.again = true;
      return entry.checking;
    }
    entry.checking = (async () => {
      do {
        entry.again = false;
        try {
          const row = await this.#sessions.get(entry.projectId, entry.sessionId);
          if (!this.#entries.has(entry)) return;
          if (!row) {
            entry.ended();
            return;
          }
          if (row.config_version !== entry.configVersion) {
            entry.configVersion = row.config_version;
            this.#notify(entry);
          }
        } catch (error) {
          this.#log.warn({ err: error, sessionId: entry.sessionId }, 'could not re-read a watched session');
        }
      } while (entry.again);
    })().finally(() => {
      entry.checking = undefined;
    });
    return entry.checking;
  }

  #notify(entry: Entry): void {
    try {
      entry.changed();
    } catch (error) {
      this.#log.warn({ err: error, sessionId: entry.sessionId }, 'could not notify an MCP stream');
    }
  }
}
