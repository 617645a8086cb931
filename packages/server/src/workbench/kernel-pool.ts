import type { Kernel } from './kernel.js';

/** Thrown when every kernel slot of this process is running a cell; the caller may try again. */
export class PoolBusyError extends Error {
  override readonly name = 'PoolBusyError';
}

interface Entry {
  key: string;
  slot: number;
  kernel: Promise<Kernel>;
  /** The end of this session's queue: calls of one session run one after another. */
  tail: Promise<unknown>;
  running: number;
  lastUsed: number;
}

/**
 * At most `size` kernels per process, one per session key. A session's calls are queued on its
 * kernel; a new session takes a free slot, else the least recently used idle kernel's slot, else
 * it is refused. Idle kernels are stopped after `idleMs` by a background sweep.
 */
export class KernelPool {
  readonly #entries = new Map<string, Entry>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly options: {
      size: number;
      idleMs: number;
      /** Starts the kernel for a session in a slot (0 … size-1). */
      start: (key: string, slot: number) => Promise<Kernel>;
      now?: () => number;
    },
  ) {
    this.#sweep = setInterval(() => this.reapIdle(), Math.max(1_000, Math.min(options.idleMs / 2, 30_000)));
    this.#sweep.unref();
  }

  /**
   * Runs `use` with the session's kernel, after the session's earlier calls. `fresh` asks for a new
   * kernel (the key now means other settings). A kernel that died or was killed is replaced on the next call.
   */
  async with<T>(key: string, use: (kernel: Kernel) => Promise<T>): Promise<T> {
    const entry = this.#entryFor(key);
    entry.running++;
    const run = entry.tail.then(async () => {
      let kernel = await entry.kernel;
      if (!kernel.alive) {
        entry.kernel = this.options.start(key, entry.slot);
        kernel = await entry.kernel;
      }
      return use(kernel);
    });
    entry.tail = run.catch(() => undefined);
    try {
      return await run;
    } catch (error) {
      // A kernel that never started leaves no entry behind; the next call tries again.
      if (
        this.#entries.get(key) === entry &&
        !(await entry.kernel.then(
          (k) => k.alive,
          () => false,
        ))
      )
        this.#entries.delete(key);
      throw error;
    } finally {
      entry.running--;
      entry.lastUsed = this.#now();
    }
  }

  /** Stops a session's kernel (e.g. the session was deleted). */
  async stop(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    await entry.kernel.then(
      (k) => k.kill(),
      () => undefined,
    );
  }

  /** Stops kernels nobody used for `idleMs`. */
  reapIdle(): void {
    const cutoff = this.#now() - this.options.idleMs;
    for (const entry of [...this.#entries.values()]) {
      if (entry.running === 0 && entry.lastUsed <= cutoff) void this.stop(entry.key);
    }
  }

  async stopAll(): Promise<void> {
    clearInterval(this.#sweep);
    await Promise.all([...this.#entries.keys()].map((key) => this.stop(key)));
  }

  get size(): number {
    return this.#entries.size;
  }

  #entryFor(key: string): Entry {
    const existing = this.#entries.get(key);
    if (existing) return existing;
    const used = new Set([...this.#entries.values()].map((e) => e.slot));
    let slot = [...Array(this.options.size).keys()].find((s) => !used.has(s));
    if (slot === undefined) {
      const idle = [...this.#entries.values()].filter((e) => e.running === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idle) throw new PoolBusyError(`all ${this.options.size} workbench kernels of this server are running code right now`);
      this.#entries.delete(idle.key);
      void idle.kernel.then(
        (k) => k.kill(),
        () => undefined,
      );
      slot = idle.slot;
    }
    const entry: Entry = { key, slot, kernel: this.options.start(key, slot), tail: Promise.resolve(), running: 0, lastUsed: this.#now() };
    entry.kernel.catch(() => undefined);
    this.#entries.set(key, entry);
    return entry;
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
