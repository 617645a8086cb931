import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import { type ChangeFeed, type ChangeListener, type ChangeSubscription, Listeners, type PublishedChange, parseChange } from './change-feed.js';

export interface PostgresChangeFeedOptions {
  /** How to open the dedicated listening connection: the settings of the store's pool. */
  connection: pg.ClientConfig;
  /** The store's schema; each schema gets its own channel, so installations sharing a database stay apart. */
  schema: string;
  onError?: (error: unknown) => void;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

/**
 * Change events over PostgreSQL LISTEN/NOTIFY: `publish` is a `pg_notify` on the store's pool;
 * one dedicated connection per process LISTENs while there are listeners. If that connection
 * drops it reconnects with backoff and then delivers `resync`, since NOTIFYs sent meanwhile are lost.
 */
export class PostgresChangeFeed implements ChangeFeed {
  readonly #db: Kysely<Database>;
  readonly #options: PostgresChangeFeedOptions;
  readonly #channel: string;
  readonly #listeners = new Listeners();
  readonly #onError: (error: unknown) => void;
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #backoffMs = 100;
  #closed = false;

  constructor(db: Kysely<Database>, options: PostgresChangeFeedOptions) {
    this.#db = db;
    this.#options = options;
    this.#channel = channelFor(options.schema);
    this.#onError = options.onError ?? (() => undefined);
  }

  async publish(change: PublishedChange): Promise<void> {
    await sql`select pg_notify(${this.#channel}, ${JSON.stringify(change)})`.execute(this.#db);
  }

  subscribe(listener: ChangeListener): ChangeSubscription {
    const remove = this.#listeners.add(listener);
    const ready = this.#closed ? Promise.resolve() : this.#ensureListening();
    return {
      ready,
      unsubscribe: () => {
        remove();
        if (this.#listeners.size === 0) void this.#disconnect();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#disconnect();
  }

  #ensureListening(): Promise<void> {
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#options.connection);
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.#onError(error);
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed || this.#listeners.size === 0) {
      await client.end().catch(() => undefined);
      return;
    }
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || !message.payload) return;
      const change = parseChange(message.payload);
      if (change) this.#listeners.emit(change, this.#onError);
    });
    client.on('error', (error) => {
      this.#onError(error);
      if (this.#client === client) this.#lost();
    });
    client.on('end', () => {
      if (this.#client === client) this.#lost();
    });
    const wasReconnect = this.#backoffMs > 100;
    this.#client = client;
    this.#backoffMs = 100;
    if (wasReconnect) this.#listeners.emit({ kind: 'resync' }, this.#onError);
  }

  #lost(): void {
    this.#client = undefined;
    if (!this.#closed && this.#listeners.size > 0) this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#retry || this.#closed) return;
    const wait = this.#backoffMs;
    this.#backoffMs = Math.min(wait * 2, this.#options.maxBackoffMs ?? 5_000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (!this.#closed && this.#listeners.size > 0) void this.#ensureListening();
    }, wait);
    this.#retry.unref();
  }

  async #disconnect(): Promise<void> {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.#connecting;
    // Someone subscribed again while the connection was being set up: keep it.
    if (!this.#closed && this.#listeners.size > 0) return;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** A channel name per schema that needs no quoting and fits PostgreSQL's 63 bytes. */
function channelFor(schema: string): string {
  const name = `toolrouter_changes_${schema}`;
  return /^[a-z0-9_]{1,63}$/.test(name) ? name : `toolrouter_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}
