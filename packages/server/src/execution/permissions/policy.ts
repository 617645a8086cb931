import type { SessionConfig } from '@toolrouter/core';

export type PermissionDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; because: string }
  | { kind: 'ask'; rule: 'ask_once' | 'ask_always'; because: string };

export const NO_ACCOUNT = '__none__';

/**
 * `experimental.permissions` for one call. Overrides are keyed `TOOL:ca_id` (or `TOOL:__none__`
 * for calls without an account) and `*:ca_id` for everything done with an account; the exact
 * tool key wins over the account-wide one, and either over the session default.
 */
export function permissionFor(config: SessionConfig, toolSlug: string, connectedAccountId: string | null): PermissionDecision {
  const permissions = config.experimental?.permissions;
  if (!permissions) return { kind: 'allow' };
  const account = connectedAccountId ?? NO_ACCOUNT;
  const overrides = permissions.overrides ?? {};
  for (const key of [`${toolSlug}:${account}`, `*:${account}`]) {
    const rule = overrides[key];
    if (rule === undefined) continue;
    const because = `override "${key}" is ${rule}`;
    if (rule === 'always_allow') return { kind: 'allow' };
    if (rule === 'always_deny') return { kind: 'deny', because };
    return { kind: 'ask', rule, because };
  }
  switch (permissions.default ?? 'allow_all') {
    case 'allow_all':
      return { kind: 'allow' };
    case 'ask_every_call':
      return { kind: 'ask', rule: 'ask_always', because: 'the session asks before every call' };
    case 'ask_once_per_session':
      return { kind: 'ask', rule: 'ask_once', because: 'the session asks once per tool' };
  }
}
