/**
 * When `serve --workers N` starts another server process and when it lets one go.
 *
 * A process of the full catalog holds some 160 MB resident, most of it its own copy of the catalog and
 * the search index, so an idle server keeps only `--min-workers` processes (one by default) and the rest
 * start when the running ones are busy: a follower is listening about 1.5 s after it is forked, far
 * sooner than a load that lasts needs it. Busy means the running processes' event loops were occupied,
 * on average, at least half of the time for two samples in a row; a process that has to wait for the
 * cores does not count as busy, and neither does one waiting for upstreams (those cost no CPU).
 * Idle means every running process was occupied under 5 % of the time for the whole `--worker-idle`
 * period; then the newest follower leaves, one at a time, never below `--min-workers`.
 *
 * Pure: the caller samples the event-loop utilisation of each process every SAMPLE_MS and acts on the answer.
 */
export const SAMPLE_MS = 500;
/** Mean event-loop utilisation of the running processes from which the server counts as busy. */
export const BUSY_UTILISATION = 0.5;
/** Consecutive busy samples before another process starts (one second at SAMPLE_MS). */
export const BUSY_SAMPLES = 2;
/** Event-loop utilisation under which a process counts as idle. */
export const IDLE_UTILISATION = 0.05;

export interface DemandLimits {
  /** Processes kept running at all times, the first one included. */
  min: number;
  /** The most processes that may run, the first one included. */
  max: number;
  /** How long every process must have been idle before a follower leaves. */
  idleMs: number;
}

export type Decision = 'start' | 'retire' | 'hold';

export class WorkerDemand {
  readonly #limits: DemandLimits;
  #busySamples = 0;
  #idleSince: number | undefined;

  constructor(limits: DemandLimits) {
    if (!(limits.min >= 1 && limits.max >= limits.min && limits.idleMs > 0)) throw new RangeError('worker limits: need 1 ≤ min ≤ max and idleMs > 0');
    this.#limits = limits;
  }

  /**
   * One sample: the utilisation (0..1) of every process that serves now, and how many were forked but
   * do not serve yet (they count against `max`, and nothing is decided while one starts or leaves).
   */
  decide(utilisations: readonly number[], changing: number, now: number): Decision {
    const total = utilisations.length + changing;
    const mean = utilisations.reduce((sum, u) => sum + u, 0) / Math.max(1, utilisations.length);
    this.#busySamples = mean >= BUSY_UTILISATION ? this.#busySamples + 1 : 0;
    const idle = utilisations.every((u) => u < IDLE_UTILISATION);
    this.#idleSince = idle ? (this.#idleSince ?? now) : undefined;
    if (changing > 0) return 'hold';
    if (this.#busySamples >= BUSY_SAMPLES && total < this.#limits.max) {
      this.#busySamples = 0;
      return 'start';
    }
    if (this.#idleSince !== undefined && now - this.#idleSince >= this.#limits.idleMs && total > this.#limits.min) {
      // The next follower leaves only after another whole idle period.
      this.#idleSince = now;
      return 'retire';
    }
    return 'hold';
  }
}
