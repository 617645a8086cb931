import { MAX_TOOL_SLUG_LENGTH } from '@toolrouter/core';

/**
 * Upper-case words of a text. `camel` also splits camelCase, which suits operationIds
 * (`listPetsByOwner`) but not prose, where it would break brand names like "GitHub".
 */
export function slugWords(text: string, camel = false): string[] {
  let prepared = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '');
  if (camel) prepared = prepared.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return prepared
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toUpperCase());
}

/** `google-sheets` → `GOOGLE_SHEETS`. */
export function toolkitPrefix(toolkitSlug: string): string {
  return slugWords(toolkitSlug).join('_');
}

/** Words a cut slug should not end on. */
const DANGLING = new Set('A AN THE AND OR FOR TO IN OF ON AT AS BY WITH FROM VIA USING'.split(' '));

/**
 * `<PREFIX>_<WORDS>` cut at a word boundary so it fits in the slug limit minus `reserve`
 * characters (room for a numeric suffix). A first word too long to fit is cut mid-word.
 */
export function fitSlug(prefix: string, words: readonly string[], reserve = 0): string {
  const max = MAX_TOOL_SLUG_LENGTH - reserve;
  const kept: string[] = [];
  let length = prefix.length;
  for (const word of words) {
    if (length + 1 + word.length > max) {
      if (kept.length === 0) return `${prefix}_${word}`.slice(0, max).replace(/_+$/, '');
      // A cut title reads better without a dangling "FOR_AN" or "TO_THE".
      while (kept.length > 1 && DANGLING.has(kept[kept.length - 1] ?? '')) kept.pop();
      break;
    }
    kept.push(word);
    length += 1 + word.length;
  }
  return [prefix, ...kept].join('_').slice(0, max);
}

/**
 * Picks one unique slug per operation. Each operation offers candidate word lists in order of
 * preference (summary, operationId, method + path). A slug that only one operation wants is
 * reserved for it up front, so a colliding operation can never take another's natural slug;
 * within a collision the first operation in document order keeps the preferred slug and the
 * others fall back to their next candidate, then to a numeric suffix.
 */
export function assignSlugs(prefix: string, candidates: ReadonlyArray<ReadonlyArray<readonly string[]>>): string[] {
  const preferred = candidates.map((lists) => fitSlug(prefix, lists[0] ?? []));
  const wanted = new Map<string, number>();
  for (const slug of preferred) wanted.set(slug, (wanted.get(slug) ?? 0) + 1);
  const used = new Set(preferred.filter((slug) => wanted.get(slug) === 1));

  return candidates.map((lists, index) => {
    const first = preferred[index] ?? prefix;
    if (wanted.get(first) === 1) return first;
    for (const words of lists) {
      const slug = fitSlug(prefix, words);
      if (!used.has(slug)) {
        used.add(slug);
        return slug;
      }
    }
    for (let n = 2; ; n += 1) {
      const suffix = `_${n}`;
      const slug = `${fitSlug(prefix, lists[0] ?? [], suffix.length)}${suffix}`;
      if (!used.has(slug)) {
        used.add(slug);
        return slug;
      }
    }
  });
}
