import type { RankingParams } from './params.js';
import { QUERY_FILLER_WORDS } from './stop-words.js';
import { expandSynonyms } from './synonyms.js';
import { splitWords, termOf } from './tokenizer.js';

/** One weighted query term (stemmed). */
export interface QueryTerm {
  term: string;
  weight: number;
  /** False for expansions (synonyms, variants, feedback terms). */
  original: boolean;
}

/**
 * Turns query text into weighted terms: each occurrence of a content word adds 1 (filler words like
 * "please"/"want" add `fillerWeight`), and synonyms of the words add `synonymWeight` × the word's weight
 * unless the term is already in the query. Output order is first appearance, so scoring is deterministic.
 */
export function parseQuery(text: string, p: RankingParams): QueryTerm[] {
  const words = splitWords(text);
  const weights = new Map<string, number>();
  const originals = new Set<string>();
  const wordWeight: number[] = [];
  for (const w of words) {
    const t = termOf(w);
    const weight = QUERY_FILLER_WORDS.has(w) ? p.fillerWeight : 1;
    wordWeight.push(weight);
    if (t === undefined || weight <= 0) continue;
    weights.set(t, (weights.get(t) ?? 0) + weight);
    originals.add(t);
  }
  if (p.synonymWeight > 0) {
    for (const e of expandSynonyms(words)) {
      const w = p.synonymWeight * (wordWeight[e.source] ?? 1);
      const prev = weights.get(e.term);
      if (prev === undefined || prev < w) weights.set(e.term, w);
    }
  }
  if (p.selfWeight > 0 && refersToSelf(words)) {
    for (const t of SELF_TERMS) {
      const prev = weights.get(t);
      if (prev === undefined || prev < p.selfWeight) weights.set(t, p.selfWeight);
    }
  }
  return [...weights].map(([term, weight]) => ({ term, weight, original: originals.has(term) }));
}

/**
 * APIs call the person behind the request "the authenticated user" or "the current user" (GitHub's
 * "… for the authenticated user", `/users/me`, "get current user"), while people say "me", "my" and
 * "who am I". These first-person words are stop words, so without this they would vanish from the query.
 */
const SELF_WORDS = new Set(['me', 'my', 'mine', 'myself']);
const SELF_TERMS = ['authenticated', 'current', 'user'].map((w) => termOf(w)!);

function refersToSelf(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SELF_WORDS.has(w)) return true;
    if (w === 'am' && words[i + 1] === 'i') return true;
  }
  return false;
}
