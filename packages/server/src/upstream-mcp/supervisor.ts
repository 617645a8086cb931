import type { Logger } from 'pino';
import type { UpstreamConnection } from './upstream-connection.js';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A process that stayed up this long counts as healthy again: its next crash starts the backoff over. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableAfterMs: 60_000 };

export interface UpstreamTarget {
  /** `<project>/<server slug>`. */
  key: string;
  /** The registration version; a newer one replaces the running process. */
  version: number;
  /** Starts the process / opens the connection (secrets are opened only then). */
  open: () => Promise<UpstreamConnection>;
  timeoutMs: number;
}

export interface UpstreamStatus {
  state: 'starting' | 'running' | 'backoff' | 'stopped';
  pid: number | null;
  starts: number;
  crashes: number;
  last_error: string | null;
  next_start_at: string | null;
}

interface Entry {
  target: UpstreamTarget;
  state: UpstreamStatus['state'];
  connection?: UpstreamConnection;
  starting?: Promise<UpstreamConnection>;
  startedAt: number;
  nextStartAt: number;
  failures: number;
  starts: number;
  crashes: number;
  lastError: string | null;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps at most one upstream connection (one child process for stdio servers) per registered
 * server in this router process, shared by every session and user. A crashed process is started
 * again after an exponential backoff, proactively and on the next call; a call arriving during the
 * backoff waits for the restart within its own timeout. Re-registering a server (a new version)
 * replaces the running process.
 */
export class McpSupervisor {
  readonly #entries = new Map<string, Entry>();
  #stopped = false;

  constructor(private readonly options: { backoff?: BackoffPolicy; log?: Logger } = {}) {}

  get #backoff(): BackoffPolicy {
    return this.options.backoff ?? DEFAULT_BACKOFF;
  }

  /** The running connection for `target`, starting (or restarting) it when needed. */
  async acquire(target: UpstreamTarget): Promise<UpstreamConnection> {
    if (this.#stopped) throw new Error('the router is shutting down');
    let entry = this.#entries.get(target.key);
    if (entry && entry.target.version !== target.version) {
      await this.stop(target.key);
      entry = undefined;
    }
    if (!entry) {
      entry = { target, state: 'stopped', startedAt: 0, nextStartAt: 0, failures: 0, starts: 0, crashes: 0, lastError: null };
      this.#entries.set(target.key, entry);
    }
    if (entry.state === 'running' && entry.connection) return entry.connection;
    if (entry.starting) return entry.starting;
    const wait = entry.nextStartAt - Date.now();
    if (wait > 0) {
      if (wait > target.timeoutMs) {
        throw new Error(`the server crashed (${entry.lastError ?? 'unknown reason'}) and restarts in ${Math.ceil(wait / 1000)} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      return this.acquire(target);
    }
    return this.#start(entry);
  }

  /** Hands a connection opened elsewhere (the registration probe) to the supervisor. */
  adopt(target: UpstreamTarget, connection: UpstreamConnection): void {
    const old = this.#entries.get(target.key);
    if (old) void this.stop(target.key);
    const entry: Entry = { target, state: 'running', connection, startedAt: Date.now(), nextStartAt: 0, failures: 0, starts: 1, crashes: 0, lastError: null };
    this.#entries.set(target.key, entry);
    connection.onExit((reason) => this.#crashed(entry, connection, reason));
  }

  status(key: string): UpstreamStatus {
    const e = this.#entries.get(key);
    if (!e) return { state: 'stopped', pid: null, starts: 0, crashes: 0, last_error: null, next_start_at: null };
    return {
      state: e.state,
      pid: e.connection?.pid ?? null,
      starts: e.starts,
      crashes: e.crashes,
      last_error: e.lastError,
      next_start_at: e.state === 'backoff' ? new Date(e.nextStartAt).toISOString() : null,
    };
  }

  async stop(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    clearTimeout(entry.timer);
    entry.state = 'stopped';
    const connection = entry.connection ?? (await entry.starting?.catch(() => undefined));
    await connection?.close();
  }

  async stopAll(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#entries.keys()].map((key) => this.stop(key)));
  }

  #start(entry: Entry): Promise<UpstreamConnection> {
    entry.state = 'starting';
    entry.starts += 1;
    const starting = entry.target.open().then(
      (connection) => {
        entry.starting = undefined;
        if (this.#entries.get(entry.target.key) !== entry) {
          // Stopped or replaced while starting: do not leave a stray process behind.
          void connection.close();
          throw new Error('the server was removed or re-registered while starting');
        }
        entry.connection = connection;
        entry.state = 'running';
        entry.startedAt = Date.now();
        connection.onExit((reason) => this.#crashed(entry, connection, reason));
        return connection;
      },
      (error: unknown) => {
        entry.starting = undefined;
        this.#scheduleRestart(entry, error instanceof Error ? error.message : String(error));
        throw error;
      },
    );
    entry.starting = starting;
    return starting;
  }

  #crashed(entry: Entry, connection: UpstreamConnection, reason: string): void {
    if (entry.connection !== connection || this.#entries.get(entry.target.key) !== entry) return;
    entry.connection = undefined;
    entry.crashes += 1;
    if (Date.now() - entry.startedAt >= this.#backoff.stableAfterMs) entry.failures = 0;
    this.options.log?.warn({ server: entry.target.key, reason }, 'upstream MCP server exited; restarting with backoff');
    this.#scheduleRestart(entry, `exited: ${reason}`);
  }

  #scheduleRestart(entry: Entry, error: string): void {
    entry.failures += 1;
    entry.lastError = error;
    const delay = Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** (entry.failures - 1));
    entry.nextStartAt = Date.now() + delay;
    entry.state = 'backoff';
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (this.#entries.get(entry.target.key) !== entry || entry.state !== 'backoff' || this.#stopped) return;
      this.#start(entry).catch(() => undefined); // a failure schedules the next attempt itself
    }, delay);
    entry.timer.unref();
  }
}
