import type { z } from 'zod';

/** One readable line per zod issue, each starting with the dotted path of the field it concerns. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = ''): string[] {
  return issues.flatMap((issue) => {
    const base = fieldPath([...(root ? [root] : []), ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${joinPath(base, k)}: unknown field; remove it or check its spelling`);
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest rather than "invalid input".
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
      if (best.length > 0) return describeIssues(best, base);
    }
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // The key's own problem says what keys must look like; "Invalid key in record" does not.
      return issue.issues.map((inner) => `${base || '(body)'}: invalid key; ${inner.message}`);
    }
    return [`${base || '(body)'}: ${issue.message}`];
  });
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : joinPath(acc, String(part))), '');
}

function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}
