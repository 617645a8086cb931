import type { SessionConfig } from '@toolrouter/core';

export type PermissionDecision = { kind: 'allow' } | { kind: 'deny'; because: string } | { kind: 'ask'; rule: 'ask_once' | 'ask_always'; because: string };

export const NO_ACCOUNT = '__none__';

/**
 * `experimental.permissions` for one call. Overrides are keyed `TOOL:ca_id` (or `TOOL:__none__`
 * for calls without an account) and `*:ca_id` for everything done with an account; the exact
 * tool key wins over the account-wide one, and either over the session default.
 */
export function permissionFor(
  config: SessionConfig,
  toolSlug: string,
  connectedAccountId: string | null,
  tool?: { toolkit: string; tags: readonly string[] },
): PermissionDecision {
  const permissions = config.experimental?.permissions;
  if (!permissions) return approvalByTag(config, tool) ?? { kind: 'allow' };
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
      return approvalByTag(config, tool) ?? { kind: 'allow' };
    case 'ask_every_call':
      return { kind: 'ask', rule: 'ask_always', because: 'the session asks before every call' };
    case 'ask_once_per_session':
      return { kind: 'ask', rule: 'ask_once', because: 'the session asks once per tool' };
  }
}

/**
 * `tags.require_approval` (session-wide or for the tool's toolkit): a tool carrying one of the
 * named hints asks the user before every call, like `ask_every_call` for that tool alone. An
 * explicit override for the tool or account still decides first.
 */
function approvalByTag(config: SessionConfig, tool: { toolkit: string; tags: readonly string[] } | undefined): PermissionDecision | undefined {
  if (!tool) return undefined;
  const wanted = [...(config.tags?.require_approval ?? []), ...(config.tools?.[tool.toolkit]?.tags?.require_approval ?? [])];
  const hit = wanted.find((tag) => tool.tags.includes(tag));
  return hit ? { kind: 'ask', rule: 'ask_always', because: `the session requires approval for tools tagged ${hit}` } : undefined;
}
