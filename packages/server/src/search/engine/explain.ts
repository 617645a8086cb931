import type { IndexedTool } from '../types.js';
import { buildFields, FIELD_NAMES } from './document.js';
import { synonymsOf } from './synonyms.js';
import { splitWords, termOf, tokenize } from './tokenizer.js';

/** Where a request word was found in a tool's document. */
export type MatchedPart = (typeof FIELD_NAMES)[number] | 'learned';

export interface WordMatch {
  /** The request word as written (lower case). */
  word: string;
  /** The index terms it became (stemmed), space-separated. */
  term: string;
  parts: MatchedPart[];
  /** `synonym` when only a synonym of the word occurs in those parts. */
  via: 'word' | 'synonym';
}

export interface MatchExplanation {
  matched: WordMatch[];
  /** Request words (stop words excluded) found nowhere in the tool's text. */
  unmatched: string[];
}

/**
 * Explains, for people, why a tool came up for a request: which words of the request occur in
 * which part of the tool's document, directly or through a synonym. It rebuilds the document's
 * terms the way the index does, so it costs a tokenisation per tool; the web console calls it for
 * the handful of tools it shows, never on the search path. It does not reproduce scores (BM25F
 * weights, word vectors and dense retrieval are not word-level), only the textual evidence.
 */
export function explainMatch(request: string, tool: IndexedTool, learnedQueries: readonly string[] = []): MatchExplanation {
  const fields = buildFields(tool).map((terms) => new Set(terms));
  const parts: Array<{ part: MatchedPart; terms: Set<string> }> = FIELD_NAMES.map((part, i) => ({ part, terms: fields[i]! }));
  parts.push({ part: 'learned', terms: new Set(learnedQueries.flatMap((q) => tokenize(q))) });

  const matched: WordMatch[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  // Word by word as written, so "GitHub" is reported once although it indexes as git, hub and github.
  for (const written of request.split(/\s+/)) {
    const terms = [
      ...new Set(
        splitWords(written)
          .map(termOf)
          .filter((t): t is string => t !== undefined && !seen.has(t)),
      ),
    ];
    if (terms.length === 0) continue;
    for (const t of terms) seen.add(t);
    const word = written.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const direct = parts.filter((p) => terms.some((t) => p.terms.has(t))).map((p) => p.part);
    if (direct.length > 0) {
      matched.push({ word, term: terms.join(' '), parts: direct, via: 'word' });
      continue;
    }
    const synonyms = terms.flatMap((t) => [...synonymsOf(t)].filter((s) => !terms.includes(s)));
    const viaSynonym = parts.filter((p) => synonyms.some((s) => p.terms.has(s))).map((p) => p.part);
    if (viaSynonym.length > 0) matched.push({ word, term: terms.join(' '), parts: viaSynonym, via: 'synonym' });
    else unmatched.push(word);
  }
  return { matched, unmatched };
}
