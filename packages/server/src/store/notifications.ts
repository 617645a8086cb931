import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { AccountSignal, Notifications } from './connection-types.js';

/** SQLite: one process owns the signals; listeners run right after the publisher's commit. */
export class LocalNotifications implements Notifications {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  async publish(signal: AccountSignal): Promise<void> {
    this.#emitter.emit('signal', signal);
  }

  async subscribe(listener: (signal: AccountSignal) => void): Promise<() => void> {
    this.#emitter.on('signal', listener);
    return () => this.#emitter.off('signal', listener);
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}

/**
 * PostgreSQL LISTEN/NOTIFY on a channel per schema (schemas keep co-hosted installations apart).
 * One dedicated connection listens for the whole process, opened on the first subscribe; every
 * instance, the publishing one included, receives each signal through it.
 */
export class PostgresNotifications implements Notifications {
  readonly #emitter = new EventEmitter().setMaxListeners(0);
  readonly #channel: string;
  #listener: Promise<pg.Client> | undefined;
  #closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connection: pg.ClientConfig,
    schema: string,
  ) {
    this.#channel = `toolrouter_${schema}`.slice(0, 63);
  }

  async publish(signal: AccountSignal): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [this.#channel, JSON.stringify(signal)]);
  }

  async subscribe(listener: (signal: AccountSignal) => void): Promise<() => void> {
    this.#emitter.on('signal', listener);
    try {
      await this.#listen();
    } catch (error) {
      this.#emitter.off('signal', listener);
      throw error;
    }
    return () => this.#emitter.off('signal', listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#emitter.removeAllListeners();
    const client = await this.#listener?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  #listen(): Promise<pg.Client> {
    this.#listener ??= (async () => {
      const client = new pg.Client(this.connection);
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel !== this.#channel || !msg.payload) return;
        this.#emitter.emit('signal', JSON.parse(msg.payload) as AccountSignal);
      });
      client.on('error', () => {
        // A dropped listener connection is reopened by the next subscribe; waiters fall back to
        // their deadline re-check.
        this.#listener = undefined;
      });
      await client.query(`listen "${this.#channel}"`);
      if (this.#closed) await client.end();
      return client;
    })();
    this.#listener.catch(() => {
      this.#listener = undefined;
    });
    return this.#listener;
  }
}
