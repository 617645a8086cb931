export interface BatchWriterOptions {
  /** How long an entry may wait before its batch is written: what a crash can lose at most. */
  intervalMs: number;
  /** Entries per write (one transaction). */
  maxBatch: number;
  /**
   * Entries waiting at most. A caller adding to a full queue waits for the write that makes room
   * (back-pressure), so memory stays bounded and no entry is dropped for being one too many.
   */
  maxQueued: number;
  /** A batch could not be written; its entries are lost (counted in `lost`). */
  onError: (error: unknown, lost: number) => void;
}

/**
 * Collects entries and writes them in batches off the request path: one write per `intervalMs` or
 * per `maxBatch` entries, whichever comes first, each batch in one transaction. Writes never
 * overlap, so entries reach the store in the order they were added. `flush` resolves once every
 * entry added before it is stored: readers call it first, so a log is found right after its call.
 */
export class BatchWriter<T> {
  readonly #write: (batch: T[]) => Promise<void>;
  readonly #options: BatchWriterOptions;
  #queue: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;
  #lost = 0;

  constructor(write: (batch: T[]) => Promise<void>, options: BatchWriterOptions) {
    this.#write = write;
    this.#options = options;
  }

  /** Entries lost to failed writes since start. */
  get lost(): number {
    return this.#lost;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Queues an entry; resolves at once unless the queue is full. After `close`, writes through. */
  async add(entry: T): Promise<void> {
    while (this.#queue.length >= this.#options.maxQueued) await this.flush();
    this.#queue.push(entry);
    if (this.#closed) return this.flush();
    if (this.#queue.length >= this.#options.maxBatch) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#options.intervalMs);
      this.#timer.unref();
    }
  }

  /** Writes everything queued so far; never rejects (failures go to `onError`). */
  flush(): Promise<void> {
    if (this.#queue.length === 0) return this.#chain;
    this.#chain = this.#chain.then(() => this.#drain());
    return this.#chain;
  }

  /** Writes what is queued and from then on writes each entry as it comes (graceful stop). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  async #drain(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatch);
      try {
        await this.#write(batch);
      } catch (error) {
        this.#lost += batch.length;
        this.#options.onError(error, batch.length);
      }
    }
  }
}
