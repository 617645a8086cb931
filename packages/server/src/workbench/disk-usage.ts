import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Entries looked at per measurement at most: a tree larger than this counts as what was seen. */
const MAX_ENTRIES = 200_000;
/** Growth tolerated in a session already over its limit: the kernel's own output capture, while `rm` runs. */
const OVER_LIMIT_SLACK = 1 << 20;

/**
 * Disk space a directory tree takes (allocated blocks, as `du` counts them), without following links:
 * the sandboxed code owns the tree and may plant links pointing anywhere. A tree that changes while
 * it is walked is measured as far as it can be; vanished entries count nothing.
 */
export async function diskUsage(dir: string): Promise<number> {
  let bytes = 0;
  let seen = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined && seen < MAX_ENTRIES; current = pending.pop()) {
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      continue;
    }
    for (const name of names) {
      if (++seen > MAX_ENTRIES) break;
      const entry = path.join(current, name);
      try {
        const stat = await lstat(entry);
        bytes += stat.blocks * 512;
        if (stat.isDirectory()) pending.push(entry);
      } catch {
        // removed meanwhile
      }
    }
  }
  return bytes;
}

/**
 * Watches a session's files while a cell runs and calls `stop` once they pass `limitBytes` and have
 * grown since the cell started: a session already over the limit can still run `rm` to get back
 * under it. Measured every `intervalMs` and once at the end, so a fast writer overshoots by what it
 * writes meanwhile (each file is capped by the kernel's own file-size limit) and is then told.
 */
export class DiskWatch {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Above this the cell is stopped: the limit, or for a session already over it, a little more than it had. */
  readonly #threshold: number;
  /** The usage that made the watch stop the cell, if it did. */
  exceeded: number | undefined;

  private constructor(
    private readonly dir: string,
    limitBytes: number,
    baseline: number,
    private readonly intervalMs: number,
    private readonly stop: () => void,
  ) {
    this.#threshold = baseline > limitBytes ? baseline + OVER_LIMIT_SLACK : limitBytes;
  }

  /** `baseline`: the tree's usage when the cell starts, if the caller has just measured it. */
  static async start(dir: string, limitBytes: number, stop: () => void, options: { baseline?: number; intervalMs?: number } = {}): Promise<DiskWatch> {
    const watch = new DiskWatch(dir, limitBytes, options.baseline ?? (await diskUsage(dir)), options.intervalMs ?? 500, stop);
    watch.#schedule();
    return watch;
  }

  /**
   * Ends the watch when the cell is over and measures once more, since a quick cell can finish between
   * two measurements: returns the usage past the threshold, if the tree passed it at any point seen.
   */
  async finish(): Promise<number | undefined> {
    if (this.#stopped) return this.exceeded;
    this.#stopped = true;
    clearTimeout(this.#timer);
    const used = await diskUsage(this.dir);
    if (used > this.#threshold) this.exceeded = used;
    return this.exceeded;
  }

  #schedule(): void {
    if (this.#stopped) return;
    // One measurement at a time: the next is scheduled when the last one is done.
    this.#timer = setTimeout(() => void this.#check(), this.intervalMs);
    this.#timer.unref();
  }

  async #check(): Promise<void> {
    const used = await diskUsage(this.dir);
    if (this.#stopped) return;
    if (used > this.#threshold) {
      this.exceeded = used;
      this.#stopped = true;
      this.stop();
      return;
    }
    this.#schedule();
  }
}
