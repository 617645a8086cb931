import type { AccountChange, AccountRow, ChangeFeed } from '../store/store.js';

/**
 * Announces an account change, after its commit, to every instance on the database (waiters,
 * refreshers and MCP streams listen). `status` overrides the row's, e.g. "DELETED" for a removal.
 * Best-effort, as the feed is: the change is committed, and a listener that misses it still ends
 * at its deadline or re-check, so failing the request now would only invite a retry of something
 * that already happened.
 */
export async function announce(changes: ChangeFeed, account: AccountRow, status: string = account.status): Promise<void> {
  await changes
    .publish({
      kind: 'account_changed',
      project_id: account.project_id,
      user_id: account.user_id,
      account_id: account.id,
      toolkit: account.toolkit_slug,
      status,
      version: account.refresh_version,
    })
    .catch(() => undefined);
}

export interface WaitOptions<T> {
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Reads the current state: once as soon as the feed is listening (so a change right after the
   * caller's last read is not missed), and again whenever changes may have been missed (`resync`).
   */
  ready?: () => Promise<T | undefined>;
  /** Decides whether an account change ends the wait, and with what. */
  matches: (change: AccountChange) => Promise<T | undefined> | T | undefined;
}

/** Resolves with the first value `ready` or `matches` gives, or `undefined` when the deadline passes. */
export async function waitForAccountChange<T>(changes: ChangeFeed, opts: WaitOptions<T>): Promise<T | undefined> {
  let settle!: (value: T | undefined) => void;
  const done = new Promise<T | undefined>((resolve) => (settle = resolve));
  const offer = (value: Promise<T | undefined> | T | undefined) =>
    Promise.resolve(value).then(
      (v) => v !== undefined && settle(v),
      () => undefined,
    );
  const subscription = changes.subscribe((event) => {
    if (event.kind === 'account_changed') void offer(opts.matches(event));
    else if (event.kind === 'resync' && opts.ready) void offer(opts.ready());
  });
  const timer = setTimeout(() => settle(undefined), Math.max(0, opts.timeoutMs));
  const onAbort = () => settle(undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await subscription.ready;
    const early = opts.ready ? await opts.ready() : undefined;
    if (early !== undefined) settle(early);
    return await done;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    subscription.unsubscribe();
  }
}
