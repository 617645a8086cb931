import type { SessionConfig, SessionPatch } from '@toolrouter/core';

/**
 * PATCH semantics: a key that is absent keeps its stored value, `null` clears it, anything else
 * replaces it. `experimental` is merged one level deeper, so updating permissions does not drop
 * the custom tools.
 */
export function applyPatch(config: SessionConfig, patch: SessionPatch): SessionConfig {
  const next: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'expected_config_version' || value === undefined) continue;
    if (value === null) {
      delete next[key];
    } else if (key === 'experimental') {
      const merged: Record<string, unknown> = { ...(config.experimental ?? {}) };
      for (const [sub, subValue] of Object.entries(value)) if (subValue !== undefined) merged[sub] = subValue;
      next[key] = merged;
    } else {
      next[key] = value;
    }
  }
  return next as SessionConfig;
}
