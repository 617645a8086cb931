import { ToolRouterError } from '@toolrouter/core';
import type { Context } from 'hono';

export interface AuthFailureSettings {
  /** Failed credentials one client may send per window before it is refused; 0 turns the limit off. */
  maxFailures: number;
  windowMs: number;
  /** Clients remembered at most; the least recently seen is forgotten first. */
  maxClients: number;
}

export const AUTH_FAILURE_DEFAULTS: AuthFailureSettings = { maxFailures: 20, windowMs: 60_000, maxClients: 10_000 };

/**
 * Throttles credential guessing per client: after `maxFailures` wrong keys or tokens within the
 * window, the client is refused with 429 (and Retry-After) until its oldest failure leaves the
 * window. A blocked client is refused whatever it sends, a correct key included: answering a
 * correct key while wrong ones get 429 would tell a guesser when it hit, and the limit would slow
 * nothing. Correct keys never count, and a client that does not fail is never slowed.
 *
 * In memory, per server instance: several instances each allow the limit. Each client keeps at
 * most `maxFailures` timestamps, and the map is capped at `maxClients` (least recently seen out).
 */
export class AuthFailureLimiter {
  readonly #settings: AuthFailureSettings;
  readonly #now: () => number;
  /** Client → times of its recent failures, oldest first. Map order = least recently seen first. */
  readonly #failures = new Map<string, number[]>();

  constructor(settings: AuthFailureSettings = AUTH_FAILURE_DEFAULTS, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  /**
   * Runs `verify` for the request's client unless that client is blocked. `verify` answers
   * undefined for a wrong credential, which is counted; the failure past the limit is answered
   * with 429 instead of the caller's 401, so parallel guesses are cut off too.
   */
  async attempt<T>(c: Context, client: string, verify: () => Promise<T | undefined>): Promise<T | undefined> {
    if (this.#settings.maxFailures === 0) return verify();
    this.#refuseIfBlocked(c, client);
    const result = await verify();
    if (result === undefined) this.#recordFailure(c, client);
    return result;
  }

  /** Clients currently remembered (for tests of the memory bound). */
  get size(): number {
    return this.#failures.size;
  }

  #refuseIfBlocked(c: Context, client: string): void {
    const wait = this.#blockedForMs(client);
    if (wait > 0) refuse(c, wait);
  }

  #recordFailure(c: Context, client: string): void {
    const wait = this.#blockedForMs(client);
    if (wait > 0) refuse(c, wait);
    const times = this.#failures.get(client) ?? [];
    times.push(this.#now());
    // Re-inserting moves the client to the most recently seen end.
    this.#failures.delete(client);
    this.#failures.set(client, times);
    if (this.#failures.size > this.#settings.maxClients) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  /** How long the client must wait, or 0 when it may try; drops failures that left the window. */
  #blockedForMs(client: string): number {
    const times = this.#failures.get(client);
    if (!times) return 0;
    const now = this.#now();
    while (times.length > 0 && times[0]! <= now - this.#settings.windowMs) times.shift();
    if (times.length === 0) {
      this.#failures.delete(client);
      return 0;
    }
    return times.length >= this.#settings.maxFailures ? times[0]! + this.#settings.windowMs - now : 0;
  }
}

function refuse(c: Context, waitMs: number): never {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header('retry-after', String(seconds));
  throw new ToolRouterError('AUTH_TOO_MANY_FAILURES', `Too many failed authentication attempts from this client; try again in ${seconds} s`, {
    suggestedFix: 'Check the API key or MCP token you send; this client is refused until its recent failures age out (see Retry-After).',
  });
}
