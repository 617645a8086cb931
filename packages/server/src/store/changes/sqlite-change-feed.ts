import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';
import { now } from '../db-util.js';
import { type ChangeFeed, type ChangeListener, type ChangeSubscription, Listeners, type PublishedChange, parseChange } from './change-feed.js';

export interface SqliteChangeFeedOptions {
  /** How often the one watcher of this process reads new events while anyone listens. */
  pollMs?: number;
  /** Events older than this are pruned. */
  retentionMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Change events for SQLite, which cannot notify other connections: events are rows of
 * `change_events`, and each process runs ONE watcher (only while it has listeners) that reads the
 * rows after the last one it saw — one indexed query per interval, however many streams are open.
 */
export class SqliteChangeFeed implements ChangeFeed {
  readonly #db: Kysely<Database>;
  readonly #pollMs: number;
  readonly #retentionMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #listeners = new Listeners();
  #timer: NodeJS.Timeout | undefined;
  /** Resolves with the sequence number the watcher starts after. */
  #baseline: Promise<void> | undefined;
  #last = 0;
  #polling = false;
  #published = 0;
  #closed = false;

  constructor(db: Kysely<Database>, options: SqliteChangeFeedOptions = {}) {
    this.#db = db;
    this.#pollMs = options.pollMs ?? 200;
    this.#retentionMs = options.retentionMs ?? 10 * 60_000;
    this.#onError = options.onError ?? (() => undefined);
  }

  async publish(change: PublishedChange): Promise<void> {
    // max + 1 inside the inserting statement: SQLite runs one writer at a time, so seq is unique
    // and increasing; pruning always keeps the newest row, so it never goes back.
    await sql`insert into change_events (seq, payload, created_at)
              select coalesce(max(seq), 0) + 1, ${JSON.stringify(change)}, ${now()} from change_events`.execute(this.#db);
    if (++this.#published % 100 === 0) await this.#prune();
  }

  subscribe(listener: ChangeListener): ChangeSubscription {
    const remove = this.#listeners.add(listener);
    if (!this.#timer && !this.#closed) this.#start();
    return {
      ready: this.#baseline ?? Promise.resolve(),
      unsubscribe: () => {
        remove();
        if (this.#listeners.size === 0) this.#stop();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stop();
    this.#listeners.clear();
  }

  #start(): void {
    // Start from "now": a watcher delivers what is published after it started.
    this.#baseline = this.#maxSeq().then(
      (seq) => {
        this.#last = seq;
      },
      (error) => this.#onError(error),
    );
    const baseline = this.#baseline;
    this.#timer = setInterval(() => void baseline.then(() => this.#poll()), this.#pollMs);
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#baseline = undefined;
  }

  async #maxSeq(): Promise<number> {
    const row = await this.#db
      .selectFrom('change_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async #poll(): Promise<void> {
    if (this.#polling || !this.#timer) return;
    this.#polling = true;
    try {
      const rows = await this.#db.selectFrom('change_events').select(['seq', 'payload']).where('seq', '>', this.#last).orderBy('seq').limit(1000).execute();
      for (const row of rows) {
        this.#last = Number(row.seq);
        const change = parseChange(row.payload);
        if (change && this.#timer) this.#listeners.emit(change, this.#onError);
      }
    } catch (error) {
      if (!this.#closed) this.#onError(error);
    } finally {
      this.#polling = false;
    }
  }

  async #prune(): Promise<void> {
    const before = new Date(Date.now() - this.#retentionMs).toISOString();
    await this.#db
      .deleteFrom('change_events')
      .where('created_at', '<', before)
      .where('seq', '<', (eb) => eb.selectFrom('change_events').select((e) => e.fn.max('seq').as('m')))
      .execute();
  }
}
