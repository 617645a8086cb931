import type { AccountRow, Notifications } from '../store/store.js';

/** Announces an account change to every instance (waiters and refreshers listen). */
export async function announce(notifications: Notifications, account: AccountRow): Promise<void> {
  await notifications.publish({
    project_id: account.project_id,
    account_id: account.id,
    user_id: account.user_id,
    toolkit: account.toolkit_slug,
    status: account.status,
    version: account.refresh_version,
  });
}

/**
 * Resolves when `matches` accepts a signal or the deadline passes (then `undefined`). The
 * subscription is set up before `ready` runs, so a change that happens right after the caller's
 * last read is not missed.
 */
export async function waitForSignal<T>(
  notifications: Notifications,
  opts: { timeoutMs: number; signal?: AbortSignal; ready?: () => Promise<T | undefined>; matches: (s: Parameters<Parameters<Notifications['subscribe']>[0]>[0]) => Promise<T | undefined> | T | undefined },
): Promise<T | undefined> {
  let settle!: (value: T | undefined) => void;
  const done = new Promise<T | undefined>((resolve) => (settle = resolve));
  const unsubscribe = await notifications.subscribe((s) => {
    Promise.resolve(opts.matches(s)).then(
      (value) => value !== undefined && settle(value),
      () => undefined,
    );
  });
  const timer = setTimeout(() => settle(undefined), Math.max(0, opts.timeoutMs));
  const onAbort = () => settle(undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const early = opts.ready ? await opts.ready() : undefined;
    if (early !== undefined) settle(early);
    return await done;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
