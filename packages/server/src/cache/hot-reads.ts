import type { StoredCredentials } from '../connections/auth-schemes.js';
import type {
  AccountRow,
  ApiKeyRow,
  AuthConfigRow,
  ChangeEvent,
  ChangeFeed,
  ChangeSubscription,
  ProjectExecutionSettings,
  ProjectRow,
  SessionRow,
} from '../store/store.js';

/**
 * A bounded map that forgets the least recently used entry first, and entries older than `maxAgeMs`
 * (a backstop for a change that reached no feed, e.g. a row edited by hand).
 *
 * `load` guards against the one race a read-through cache has: a reader that fetched a row before
 * an invalidation arrived must not store that stale row after it. Every `delete`/`clear` bumps a
 * generation, and a load whose generation moved meanwhile returns its row without keeping it.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; at: number }>();
  readonly #max: number;
  readonly #maxAgeMs: number;
  readonly #mayKeep: () => boolean;
  #generation = 0;

  /** `mayKeep` says whether a freshly read value may be kept now (see HotReads.watching). */
  constructor(max: number, maxAgeMs: number, mayKeep: () => boolean = () => true) {
    this.#max = max;
    this.#maxAgeMs = maxAgeMs;
    this.#mayKeep = mayKeep;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.at > this.#maxAgeMs) {
      this.#entries.delete(key);
      return undefined;
    }
    // Most recently used goes last, but only once the cache is half full: below that nothing is
    // evicted soon, and moving an entry (a delete and an insert) on every hit churns the Map's
    // table on the hottest path. An entry last used while the cache was small may then be evicted
    // a little early once it fills; it is simply read again.
    if (this.#entries.size > this.#max / 2) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: performance.now() });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** The values held now, oldest use first (expired ones included). */
  *values(): IterableIterator<V> {
    for (const entry of this.#entries.values()) yield entry.value;
  }

  /** Drops every entry whose key passes `drop` (a project's or a user's entries). */
  deleteWhere(drop: (key: K) => boolean): void {
    this.#generation++;
    for (const key of [...this.#entries.keys()]) if (drop(key)) this.#entries.delete(key);
  }

  /** The cached value, else what `read` returns (kept unless undefined, or invalidated meanwhile). */
  async load(key: K, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.#generation;
    const value = await read();
    if (value !== undefined && generation === this.#generation && this.#mayKeep()) this.set(key, deepFreeze(value));
    return value;
  }
}

export interface HotReadLimits {
  /** Entries per cache. */
  max: number;
  /** Age after which an entry is read again even without a change event. */
  maxAgeMs: number;
}

/** An API key that authenticated, with its project. */
export interface AuthenticatedKey {
  project: ProjectRow;
  key: ApiKeyRow;
}

const DEFAULT_LIMITS: HotReadLimits = { max: 10_000, maxAgeMs: 60_000 };

/**
 * Accounts, auth configs and opened credentials are kept for a shorter time and fewer entries:
 * they carry secrets (the opened ones in clear), so memory holds them only briefly, and a change
 * that reached no feed is read again sooner.
 */
export const CONNECTION_LIMITS: HotReadLimits = { max: 2_000, maxAgeMs: 15_000 };

/** An account's credentials as opened for the row they were read with (see HotReads.openedCredentials). */
export interface OpenedCredentials {
  row: AccountRow;
  creds: StoredCredentials | undefined;
}

/**
 * What the request path reads on every call, kept in memory and dropped when the change feed says
 * it changed — on this instance at once (the writer drops its own entry before answering) and on
 * every other instance within the feed's latency. Until the feed is watching, and after it may
 * have missed events (`resync`), nothing is served from memory.
 *
 * Values are keyed and owned here; callers must treat them as read-only (they are frozen).
 */
export class HotReads {
  /** API key digest → whatever authenticating it found. A revocation clears the whole cache (rare). */
  readonly apiKeys: LruCache<string, AuthenticatedKey>;
  /** `project\0session` → session row. */
  readonly sessions: LruCache<string, SessionRow>;
  /** project → execution settings (egress allowlist, webhook secret). */
  readonly projectSettings: LruCache<string, ProjectExecutionSettings>;
  /** project → catalog revision, for calls (listings and imports read the store's). */
  readonly catalogRevisions: LruCache<string, number>;
  /** `project\0user\0toolkit` → the user's accounts for the toolkit, for calls (credential broker). */
  readonly accounts: LruCache<string, readonly AccountRow[]>;
  /** `project\0auth config` → the auth config, for calls. */
  readonly authConfigs: LruCache<string, AuthConfigRow>;
  /**
   * `project\0account` → the account's opened credentials, valid only for the very row object
   * they were opened from (a refreshed row is a new object, so old secrets are never served for it).
   */
  readonly openedCredentials: LruCache<string, OpenedCredentials>;
  readonly #subscription: ChangeSubscription;
  #watching = false;

  constructor(changes: ChangeFeed, limits: HotReadLimits = DEFAULT_LIMITS) {
    const watching = () => this.#watching;
    this.apiKeys = new LruCache(limits.max, limits.maxAgeMs, watching);
    this.sessions = new LruCache(limits.max, limits.maxAgeMs, watching);
    this.projectSettings = new LruCache(limits.max, limits.maxAgeMs, watching);
    this.catalogRevisions = new LruCache(limits.max, limits.maxAgeMs, watching);
    this.accounts = new LruCache(CONNECTION_LIMITS.max, CONNECTION_LIMITS.maxAgeMs, watching);
    this.authConfigs = new LruCache(CONNECTION_LIMITS.max, CONNECTION_LIMITS.maxAgeMs, watching);
    this.openedCredentials = new LruCache(CONNECTION_LIMITS.max, CONNECTION_LIMITS.maxAgeMs, watching);
    this.#subscription = changes.subscribe((event) => this.#apply(event));
    void this.#subscription.ready.then(() => {
      this.#watching = true;
    });
  }

  static sessionKey(projectId: string, sessionId: string): string {
    return `${projectId}\0${sessionId}`;
  }

  #apply(event: ChangeEvent): void {
    switch (event.kind) {
      case 'resync':
        this.clear();
        return;
      case 'api_key_revoked':
        this.apiKeys.clear();
        return;
      case 'session_updated':
      case 'session_deleted':
        this.sessions.delete(HotReads.sessionKey(event.project_id, event.session_id));
        return;
      case 'project_settings_changed':
        this.projectSettings.delete(event.project_id);
        return;
      case 'catalog_changed':
        this.catalogRevisions.delete(event.project_id);
        return;
      case 'account_changed':
      case 'connections_changed':
        this.dropConnections(event.project_id);
        return;
      default:
        return;
    }
  }

  /** Drops the project's accounts, auth configs and opened credentials ('' drops every project's). */
  dropConnections(projectId: string): void {
    if (projectId === '') {
      this.accounts.clear();
      this.authConfigs.clear();
      this.openedCredentials.clear();
      return;
    }
    const prefix = `${projectId}\0`;
    const ofProject = (key: string) => key.startsWith(prefix);
    this.accounts.deleteWhere(ofProject);
    this.authConfigs.deleteWhere(ofProject);
    this.openedCredentials.deleteWhere(ofProject);
  }

  clear(): void {
    this.apiKeys.clear();
    this.sessions.clear();
    this.projectSettings.clear();
    this.catalogRevisions.clear();
    this.dropConnections('');
  }

  close(): void {
    this.#watching = false;
    this.#subscription.unsubscribe();
    this.clear();
  }
}

/** Freezes a value read from the store before it is shared between requests. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
