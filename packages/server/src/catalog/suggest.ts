import { distance } from 'fastest-levenshtein';

/**
 * The candidate a misspelt slug most likely meant, or undefined when nothing is close.
 * Case and `-`/`_` differences count as exact; otherwise allow roughly one edit per four characters.
 */
export function closestSlug(input: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const wanted = norm(input);
  const budget = Math.max(2, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(wanted, norm(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** Up to `limit` candidates ordered by closeness, for "did you mean" lists. */
export function closestSlugs(input: string, candidates: Iterable<string>, limit: number): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const wanted = norm(input);
  const budget = Math.max(3, Math.floor(wanted.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const d = distance(wanted, norm(candidate));
    if (d <= budget) scored.push([candidate, d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([slug]) => slug);
}
