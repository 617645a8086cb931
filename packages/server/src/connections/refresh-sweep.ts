import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { announce } from './signals.js';
import type { TokenRefresher } from './token-refresher.js';

/**
 * The background pass that keeps connections alive without waiting for a call to need them:
 * refreshes tokens about to expire, and fails connections whose link expired unused. Every
 * instance may run it; the refresh lease makes concurrent sweeps harmless.
 */
export class RefreshSweep {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly store: Store,
    private readonly refresher: TokenRefresher,
    private readonly now: () => Date,
    private readonly log: Logger | undefined,
    private readonly aheadMs = 120_000,
  ) {}

  async runOnce(): Promise<{ refreshed: number; expired: number; abandoned: number; pruned: number }> {
    const at = this.now();
    let refreshed = 0;
    let expired = 0;
    for (const account of await this.store.accounts.expiringBefore(new Date(at.getTime() + this.aheadMs).toISOString(), 100)) {
      try {
        const after = await this.refresher.refresh(account);
        if (after.status === 'ACTIVE') refreshed++;
        else expired++;
      } catch (err) {
        this.log?.warn({ err, account: account.id }, 'background token refresh failed; will retry');
      }
    }
    let abandoned = 0;
    for (const link of await this.store.connectLinks.expiredWaiting(at.toISOString(), 100)) {
      const failed = await this.store.accounts.update(
        link.project_id,
        link.account_id,
        { status: 'FAILED', status_reason: 'The connect link expired before the user finished connecting' },
        { type: 'failed', detail: 'link expired unused' },
      );
      if (failed) {
        abandoned++;
        await announce(this.store.notifications, failed);
      }
    }
    // Expired links and states are of no use after a day (the pages say "expired" until then).
    const pruned = await this.store.connectLinks.prune(new Date(at.getTime() - 24 * 3600_000).toISOString());
    return { refreshed, expired, abandoned, pruned };
  }

  start(intervalMs = 60_000): void {
    this.#timer ??= setInterval(() => {
      this.#running ??= this.runOnce()
        .catch((err) => this.log?.warn({ err }, 'connection sweep failed'))
        .finally(() => (this.#running = undefined));
    }, intervalMs).unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
