import type { RankingParams } from './params.js';
import { QUERY_FILLER_WORDS } from './stop-words.js';
import { expandSynonyms } from './synonyms.js';
import { splitWords, termOf } from './tokenizer.js';

/** One term of a concept: the word itself or one of its expansions. */
export interface ConceptMember {
  term: string;
  /** Weight of a match of this term relative to a match of the concept's own word (1 for the word itself). */
  rel: number;
  /** True for a word the user typed; false for expansions (synonyms, variants, implied terms). */
  original: boolean;
}

/**
 * One thing the request asks for: a query word together with its expansions (synonyms, derivational
 * variants), scored as one unit. A tool that says "create", "add" and "new" for one "open" in the request
 * matched one idea, not three, so the members share one BM25 saturation and one share of query coverage.
 */
export interface QueryConcept {
  /** Weight of the concept in the query: occurrences of the word (filler words count less). */
  weight: number;
  /** Whether it stands for words the user typed (it then counts in query coverage). */
  original: boolean;
  /**
   * The request's action ("open an issue", "please send the file"): the first content word of a clause,
   * when it is an action verb. Its match is taken from the tool's name rather than its prose (see
   * `RankingParams.actionProseWeight`), where the same word is often a state or an aside ("only open
   * issues are listed").
   */
  action: boolean;
  /** The concept's own word first, then its expansions. */
  members: ConceptMember[];
}

/**
 * Turns query text into weighted concepts: each occurrence of a content word adds 1 (filler words like
 * "please"/"want" add `fillerWeight`); synonyms join their word's concept with relative weight
 * `synonymWeight` (`actionSynonymWeight` for the request's action verb, whose synonyms are how APIs name
 * the same operation). `actions` holds the stems that lead a clause. Output order is first appearance,
 * so scoring is deterministic.
 */
export function parseQuery(text: string, p: RankingParams, actions: ReadonlySet<string> = NO_ACTIONS): QueryConcept[] {
  const words = splitWords(text);
  const concepts = new Map<string, QueryConcept>();
  /** index of a word in `words` → its concept (undefined for stop words) */
  const conceptOfWord: (QueryConcept | undefined)[] = [];
  const wordWeight: number[] = [];
  for (const w of words) {
    const t = termOf(w);
    const weight = QUERY_FILLER_WORDS.has(w) ? p.fillerWeight : 1;
    wordWeight.push(weight);
    if (t === undefined || weight <= 0) {
      conceptOfWord.push(undefined);
      continue;
    }
    let c = concepts.get(t);
    if (!c) {
      c = { weight: 0, original: true, action: actions.has(t), members: [{ term: t, rel: 1, original: true }] };
      concepts.set(t, c);
    }
    c.weight += weight;
    conceptOfWord.push(c);
  }
  if (p.synonymWeight > 0 || p.actionSynonymWeight > 0) {
    for (const e of expandSynonyms(words)) {
      const owner = conceptOfWord[e.source];
      const rel = owner?.action ? p.actionSynonymWeight : p.synonymWeight;
      if (!(rel > 0)) continue;
      if (owner) {
        if (!owner.members.some((m) => m.term === e.term)) owner.members.push({ term: e.term, rel, original: false });
        continue;
      }
      // A phrase trigger made only of stop words ("all of"): its expansions stand on their own.
      const weight = rel * (wordWeight[e.source] ?? 1);
      const prev = concepts.get(e.term);
      if (!prev) concepts.set(e.term, { weight, original: false, action: false, members: [{ term: e.term, rel: 1, original: false }] });
      else if (!prev.original && prev.weight < weight) prev.weight = weight;
    }
  }
  if (p.selfWeight > 0 && refersToSelf(words)) {
    // "authenticated" and "current" are two names for one idea; "user" is the thing itself.
    addImplied(concepts, SELF_QUALIFIERS, p.selfWeight);
    addImplied(concepts, [SELF_NOUN], p.selfWeight);
  }
  if (p.questionWeight > 0 && isQuestion(words)) addImplied(concepts, READ_VERBS, p.questionWeight);
  return [...concepts.values()];
}

const NO_ACTIONS: ReadonlySet<string> = new Set();

/** Adds a concept of terms the request implies without saying them, unless the request already has them. */
function addImplied(concepts: Map<string, QueryConcept>, terms: readonly string[], weight: number): void {
  const missing = terms.filter((t) => !concepts.has(t));
  if (missing.length === 0) return;
  concepts.set(missing[0]!, { weight, original: false, action: false, members: missing.map((term) => ({ term, rel: 1, original: false })) });
}

/**
 * APIs call the person behind the request "the authenticated user" or "the current user" (GitHub's
 * "… for the authenticated user", `/users/me`, "get current user"), while people say "me", "my" and
 * "who am I". These first-person words are stop words, so without this they would vanish from the query.
 */
const SELF_WORDS = new Set(['me', 'my', 'mine', 'myself']);
const SELF_QUALIFIERS = ['authenticated', 'current'].map((w) => termOf(w)!);
const SELF_NOUN = termOf('user')!;

function refersToSelf(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SELF_WORDS.has(w)) return true;
    if (w === 'am' && words[i + 1] === 'i') return true;
  }
  return false;
}

/**
 * A request phrased as a question ("who follows me", "what labels does my mailbox have", "is it raining
 * in Berlin"), or one that starts with "show", asks to read something: it implies the read operations that tool names start with.
 */
const QUESTION_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'where', 'when', 'is', 'are', 'does', 'do', 'did', 'was', 'were']);
const READ_VERBS = ['get', 'list'].map((w) => termOf(w)!);
/** Requests that ask to be shown something ("show my open issues") read, like questions. */
const READ_REQUESTS = new Set(['show']);

function isQuestion(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (QUERY_FILLER_WORDS.has(w)) continue;
    // "how many issues …" reads; "how do I open an issue" is a task said as a question.
    if (w === 'how') return words[i + 1] === 'many' || words[i + 1] === 'much';
    return QUESTION_WORDS.has(w) || READ_REQUESTS.has(w);
  }
  return false;
}
