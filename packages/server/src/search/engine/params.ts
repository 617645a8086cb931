import { FIELD_COUNT } from './document.js';

/** Everything the ranking depends on. Field arrays are indexed by `Field` (see document.ts). */
export interface RankingParams {
  /** BM25 term-frequency saturation, shared by all fields (BM25F). */
  k1: number;
  /** Per-field weight of a term occurrence. */
  fieldWeights: readonly number[];
  /** Per-field length normalisation (0 = none, 1 = full). */
  fieldB: readonly number[];
  /** Weight of a query word's synonyms relative to the word itself. */
  synonymWeight: number;
  /** Weight of an indexed derivational variant of a query term (financial ↔ finance), relative to the term. */
  variantWeight: number;
  /**
   * Query-coverage exponent: a document's score is multiplied by (idf mass of the query terms it matches /
   * idf mass of all query terms)^coverage. Rewards tools that cover more of the request. 0 disables.
   */
  coverage: number;
  /** Weight of conversational filler words ("please", "want", "need") in a query. */
  fillerWeight: number;
  /** Weight of the toolkit-level document score added to each tool of that toolkit. */
  toolkitDocWeight: number;
  /** Toolkit-document BM25 parameters. */
  toolkitK1: number;
  toolkitB: number;
  /** Score multiplier (1 + boost) for tools of a toolkit the query names after a cue ("on GitHub", "using Gmail"). */
  mentionBoost: number;
  /** The same for a bare mention without a cue word ("github issues"). */
  bareMentionBoost: number;
  /**
   * Multi-intent fusion: final = (1 − w)·full/max + w·max over clauses(clause/max). 0 disables clause
   * retrieval.
   */
  clauseWeight: number;
  /** Learned-query field weight and length normalisation inside BM25F. */
  learnedWeight: number;
  learnedB: number;
  /** At most this many learned queries per tool (highest weight first). */
  maxLearnedQueries: number;
  /** At most this many distinct learned terms per tool (highest accumulated weight first). */
  maxLearnedTerms: number;
  /** Pseudo-relevance feedback: number of top documents used (0 disables). */
  prfDocs: number;
  /** Number of feedback terms added to the query. */
  prfTerms: number;
  /** Total weight of the feedback terms relative to the original query. */
  prfWeight: number;
}

/**
 * Tuned values. See `scripts/search-tune.mjs`: coordinate ascent over these parameters maximising mean
 * nDCG@10 on the `train` split of toollens and metatool (the only public sets with one); learned-field
 * parameters tuned by replaying half of each train split as usage and evaluating on the other half.
 * Test splits were never used to choose any value.
 */
export const DEFAULT_PARAMS: RankingParams = {
  k1: 1.2,
  fieldWeights: [1, 1, 1, 0.5, 0.5, 0.5],
  fieldB: [0.5, 0.5, 0.75, 0.5, 0.5, 0.5],
  synonymWeight: 0.3,
  fillerWeight: 0.2,
  variantWeight: 0.3,
  coverage: 0,
  toolkitDocWeight: 0.1,
  toolkitK1: 1.2,
  toolkitB: 0.75,
  mentionBoost: 1,
  bareMentionBoost: 0.3,
  clauseWeight: 0.2,
  learnedWeight: 0.25,
  learnedB: 0.25,
  maxLearnedQueries: 400,
  maxLearnedTerms: 256,
  prfDocs: 0,
  prfTerms: 10,
  prfWeight: 0.3,
};

/** Fills in defaults and checks shapes, so a bad override fails at construction, not mid-query. */
export function resolveParams(overrides: Partial<RankingParams> = {}): RankingParams {
  const p: RankingParams = { ...DEFAULT_PARAMS, ...overrides };
  if (p.fieldWeights.length !== FIELD_COUNT || p.fieldB.length !== FIELD_COUNT) {
    throw new Error(`fieldWeights and fieldB need ${FIELD_COUNT} entries`);
  }
  return { ...p, fieldWeights: [...p.fieldWeights], fieldB: [...p.fieldB] };
}
