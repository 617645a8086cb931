import { QUERY_FILLER_WORDS } from './stop-words.js';
import { VERB_GROUPS } from './synonyms.js';
import { splitWords, termOf, tokenize } from './tokenizer.js';

/**
 * Splits a multi-intent request ("find the invoice and then email it to Bob; also add a reminder") into
 * clauses, so that each intent can retrieve its own tools instead of the strongest intent crowding the
 * others out of the top k.
 *
 * Sentence ends, semicolons and sequencing words ("then", "also", "after that", "as well as") always split.
 * A bare "and" splits when the words after it start a new action ("… and send it to Bob", "… and
 * searching for hotels") and both sides have content, or when both sides are long (three or more content
 * words each); noun pairs like "salt and pepper" or "issues and pull requests" stay together.
 */
const HARD = /(?:[.!?]+(?=\s|$)|;|\n)+/;
const SEQUENCE =
  /\s*,?\s*\b(?:and\s+then|and\s+also|and\s+after\s+that|then|also|after\s+that|afterwards|additionally|as\s+well\s+as|followed\s+by|finally)\b\s*/i;
const AND = /\s*,?\s*\band\b\s*/i;
const MIN_AND_TERMS = 3;

/** Stems of common action verbs: the verb groups of the synonym map plus everyday request verbs. */
export const ACTION_VERBS: ReadonlySet<string> = new Set(
  [
    ...VERB_GROUPS.flat(),
    ...'tell show give provide play watch listen share translate convert book check compare track open close'.split(' '),
    ...'save write generate draw plan count measure predict detect identify extract scan scrape monitor'.split(' '),
  ]
    .filter((w) => !w.includes(' '))
    .map((w) => termOf(w))
    .filter((t): t is string => t !== undefined),
);

/**
 * The stem of the action verb a clause starts with (after filler such as "please", "can you"), or
 * undefined when it starts otherwise ("who am I", "weather in Paris").
 */
export function leadingVerb(text: string): string | undefined {
  for (const w of splitWords(text, false)) {
    if (QUERY_FILLER_WORDS.has(w)) continue;
    const t = termOf(w);
    if (t === undefined) continue;
    return ACTION_VERBS.has(t) ? t : undefined;
  }
  return undefined;
}

function contentCount(text: string): number {
  return tokenize(text).length;
}

/** Whether the text begins (after filler like "please", "can you") with an action verb. */
function startsWithAction(text: string): boolean {
  return leadingVerb(text) !== undefined;
}

function splitOn(parts: string[], re: RegExp, minTerms: number, verbSplits = false): string[] {
  const out: string[] = [];
  const global = new RegExp(re.source, `${re.flags}g`);
  for (const part of parts) {
    const pieces = part.split(global);
    if (pieces.length === 1) {
      out.push(part);
      continue;
    }
    const counts = pieces.map(contentCount);
    // restCount[i] = content words in pieces i..end
    const restCount = new Array<number>(pieces.length + 1).fill(0);
    for (let i = pieces.length - 1; i >= 0; i--) restCount[i] = restCount[i + 1]! + counts[i]!;
    let current = pieces[0]!;
    let left = counts[0]!;
    for (let i = 1; i < pieces.length; i++) {
      const next = pieces[i]!;
      // Split only if the text so far and the rest of the sentence both carry enough content.
      const right = restCount[i]!;
      const action = verbSplits && left >= 1 && right >= 1 && startsWithAction(next);
      if (action || (left >= minTerms && right >= minTerms)) {
        out.push(current);
        current = next;
        left = counts[i]!;
      } else {
        current = `${current} ${next}`;
        left += counts[i]!;
      }
    }
    out.push(current);
  }
  return out;
}

/** The clauses of `text` with at least one content word; a single element when there is one intent. */
export function splitClauses(text: string): string[] {
  let parts = text.split(HARD).filter((s) => s.trim().length > 0);
  parts = splitOn(parts, SEQUENCE, 1);
  parts = splitOn(parts, AND, MIN_AND_TERMS, true);
  if (parts.length <= 1) return [text];
  const clauses = parts.map((s) => s.trim()).filter((s) => contentCount(s) > 0);
  return clauses.length > 0 ? clauses : [text];
}
