/**
 * What ends one outbound call early: its deadline or the caller's signal. A plain object with a
 * listener list rather than an AbortController per call: a controller, `AbortSignal.any` and the
 * signal handed to node:http (which wires end-of-stream watchers to it) cost more per call than the
 * rest of the client's own work, and nothing outside the client ever sees this signal.
 */
export class CallAbort {
  #aborted = false;
  #reason: unknown;
  #listeners: Array<() => void> = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  /** What it was aborted with: a NetworkError for the deadline, the caller's signal's reason otherwise. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts once (later calls do nothing) and runs the listeners registered so far. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  /** Runs `listener` on abort (not if already aborted: callers check `aborted` first); returns how to forget it. */
  onAbort(listener: () => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at !== -1) this.#listeners.splice(at, 1);
    };
  }

  /** Follows `signal` (the caller's); returns how to stop following it. */
  follow(signal: AbortSignal): () => void {
    if (signal.aborted) {
      this.abort(signal.reason);
      return () => {};
    }
    const listener = () => this.abort(signal.reason);
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  }
}
