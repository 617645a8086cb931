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

/**
 * Whether two configs mean the same thing as stored JSON: key order does not matter and a key
 * holding `undefined` counts as absent (JSON drops it). A PATCH whose result passes this test
 * against the stored config is a no-op and must not create a new config version.
 */
export function sameConfig(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameConfig(item, b[i]));
  }
  const left = definedEntries(a as Record<string, unknown>);
  const right = definedEntries(b as Record<string, unknown>);
  if (left.size !== right.size) return false;
  for (const [key, value] of left) {
    if (!right.has(key) || !sameConfig(value, right.get(key))) return false;
  }
  return true;
}

function definedEntries(object: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(object).filter(([, value]) => value !== undefined));
}
