import { FIELD_COUNT } from './document.js';

/** Everything the ranking depends on. Field arrays are indexed by `Field` (see document.ts). */
export interface RankingParams {
  /** BM25 term-frequency saturation, shared by all fields (BM25F). */
  k1: number;
  /** Per-field weight of a term occurrence. */
  fieldWeights: readonly number[];
  /** Per-field length normalisation (0 = none, 1 = full). */
  fieldB: readonly number[];
  /**
   * What a field's length is compared with in its normalisation: 0 = the field's own length against the
   * field's average (classic BM25F), 1 = the whole document's length against the average document
   * length (classic single-field BM25), in between a mix. Per-field lengths over-reward a word in a
   * short or empty field (a tool with one argument description gets its lone description word scored as
   * if it were the whole field), which whole-document length does not.
   */
  docLengthMix: number;
  /** Weight of a query word's synonyms relative to the word itself. */
  synonymWeight: number;
  /**
   * The same for the request's action verb (the first content word of a clause, when it is an action:
   * "open an issue"): its synonyms are how APIs name that operation ("create"), so they may count more.
   */
  actionSynonymWeight: number;
  /**
   * How much the action verb and its synonyms count when found outside the tool's name (description,
   * arguments, tags), relative to the name. Prose mentions other operations and states ("only open issues
   * are listed", "returns the created item"); the name says what the tool does. 1 = no difference.
   */
  actionProseWeight: number;
  /** Weight of the read verbs ("get", "list") a question implies ("who follows me", "what labels …"). 0 disables. */
  questionWeight: number;
  /** Weight of an indexed derivational variant of a query term (financial ↔ finance), relative to the term. */
  variantWeight: number;
  /**
   * Query-coverage exponent: a document's score is multiplied by (idf mass of the query terms it matches /
   * idf mass of all query terms)^coverage. Rewards tools that cover more of the request. 0 disables.
   */
  coverage: number;
  /** Whether only concepts of the user's own words count towards coverage (not implied or feedback ones). */
  coverageOriginalOnly: boolean;
  /**
   * Name match: the best candidates' scores are multiplied by (1 + nameMatch × m), where m is the
   * idf-weighted share of the tool's name terms that the query asks for. A tool whose name is exactly
   * the request ("merge a pull request" → "Merge a pull request") beats one whose name says more
   * ("… asynchronously") or something else with the same words in its prose. 0 disables.
   */
  nameMatch: number;
  /**
   * A request of more of the user's own words (concepts) than this gets the name match scaled by
   * nameMatchWords / its word count: a long request describes a situation rather than naming a tool, and
   * its many words cover short tool names ("Matches", "Get News") by chance. 0 disables.
   */
  nameMatchWords: number;
  /**
   * Verb agreement: when the request starts with an action verb ("open an issue") and a candidate's name
   * starts with a different action ("List repository issues") that is no synonym of it, the candidate's
   * score is multiplied by (1 − verbConflict). Each clause of a multi-intent request brings its own verb.
   */
  verbConflict: number;
  /** How much a name term counts as asked for when the query only implies it (synonym, variant, self-reference). */
  nameExpansionCredit: number;
  /**
   * Weight of the terms that first-person words ("me", "my", "who am I") stand for in API language
   * ("authenticated", "current" user). 0 disables.
   */
  selfWeight: number;
  /** Weight of conversational filler words ("please", "want", "need") in a query. */
  fillerWeight: number;
  /**
   * Prior for curated tools: in a toolkit that has curated (agent-ready) tools, each of its raw API
   * operations has its score divided by (1 + rawOperationPrior). Where a toolkit offers a tool built
   * for agents ("Create post"), a raw operation that merely shares words with the request ("Tweets
   * label stream") is rarely the one wanted. Reference tools (`referencePrior`) are not raw operations
   * here. Toolkits without curated tools are untouched. 0 disables.
   */
  rawOperationPrior: number;
  /**
   * Prior for reference tools (generated operations under a slug of the reference's verified tools,
   * `IndexedTool.reference`) in a toolkit that has no curated tools: the toolkit's own candidates are
   * reordered as if each raw operation's score were divided by (1 + referencePrior), each taking one of
   * the scores the toolkit's candidates had, so the toolkit gains or loses no place against another.
   * GitHub's 14 reference tools among its 1,222 operations are the ones asked for most, but the rest are
   * the bulk of what GitHub does: dividing them all (as `rawOperationPrior` does) would hand their
   * places to look-alikes of other toolkits. 0 disables.
   */
  referencePrior: number;
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
  /**
   * A request identical (in its terms) to one that led to a tool before lifts that tool by this many times
   * the best score of the query, split among the tools it led to by weight. 0 disables.
   */
  repeatWeight: number;
  /** At most this many learned queries per tool (highest weight first). */
  maxLearnedQueries: number;
  /** At most this many distinct learned terms per tool (highest accumulated weight first). */
  maxLearnedTerms: number;
  /**
   * Query-time pruning (speed, not relevance): the least informative concepts whose combined upper bound
   * is at most this share of the query's only re-score tools that a more informative concept found.
   * 0 scores every match of every concept.
   */
  pruneShare: number;
  /**
   * Query-time pruning too: concepts found in more than this share of the tools only re-score tools that
   * a rarer concept found (when the rarer ones found at least a few hundred). 0 disables.
   */
  pruneCommon: number;
  /**
   * Query-time pruning too: once this many tools are candidates, further concepts (taken from the most
   * to the least informative) only re-score them. 0 = no budget.
   */
  maxCandidates: number;
  /**
   * Weight of the meaning channel (static word vectors, see doc-vectors.ts): each tool gets
   * vectorWeight × min(4, max(0, z − vectorFloor)) × the best lexical score of the query, where z is the
   * tool's cosine with the request in standard deviations above the mean cosine over the index.
   * 0 disables it (and the index then builds no document vectors).
   */
  vectorWeight: number;
  /** z-score (see vectorWeight) below which the meaning channel adds nothing. */
  vectorFloor: number;
  /** Whether query words are weighted by their idf in the index (true) or by corpus frequency like documents' words. */
  vectorQueryIdf: boolean;
  /**
   * Whether the request's action verb stays out of its meaning vector. Word vectors put opposite
   * operations side by side ("create" and "delete" occur in the same contexts), so the channel is left to
   * judge what the request is about and the words alone judge what it wants done.
   */
  vectorSkipAction: boolean;
  /**
   * Soft matching: a request word no indexed tool has ("rain") is matched by its nearest indexed words in
   * the word-vector space ("weather", "precipitation"), each at softWeight × its cosine. 0 disables.
   */
  softWeight: number;
  /** The same for request words that some tool has (their neighbours then add a little partial credit). 0 disables. */
  softAllWeight: number;
  /** At most this many neighbours per unmatched word, each with cosine at least softMinCos. */
  softNeighbours: number;
  softMinCos: number;
  /** Per-field weight of a word in a tool's meaning vector, indexed by `Field`. */
  vectorFieldWeights: readonly number[];
  /** Smooth-inverse-frequency constant of the word weights (smaller = common words count less). */
  vectorSifA: number;
  /**
   * Tools no query word matched may still enter the ranking on meaning alone: at most this many, the
   * closest by cosine. Bounds the work after scoring on large indexes.
   */
  vectorOnlyTop: number;
  /** Weight of a tool's learned queries in its meaning vector, relative to its own words (0 = none). */
  vectorLearnedWeight: number;
  /** Whether each clause of a multi-intent request gets its own meaning vector (a tool then counts as close as to the closest). */
  vectorClauses: boolean;
  /** On a larger index, only lexical candidates scoring at least this share of the best are compared with the request's vector. */
  vectorDepth: number;
  /** Indexes of at most this many tools compare every tool (and admit `vectorOnlyTop` meaning-only ones). */
  vectorScanDocs: number;
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
  k1: 0.9,
  fieldWeights: [1, 2, 1, 1.25, 1.5, 0.5],
  fieldB: [0.5, 0.5, 0.75, 1, 0.5, 0.5],
  docLengthMix: 1,
  synonymWeight: 0.1,
  actionSynonymWeight: 0.2,
  actionProseWeight: 0.75,
  questionWeight: 0.5,
  fillerWeight: 0.2,
  variantWeight: 0.3,
  coverage: 0.5,
  coverageOriginalOnly: true,
  nameMatch: 1.5,
  nameMatchWords: 4,
  nameExpansionCredit: 0.75,
  verbConflict: 0,
  selfWeight: 0.1,
  toolkitDocWeight: 0,
  rawOperationPrior: 1,
  referencePrior: 1,
  toolkitK1: 1.2,
  toolkitB: 0.75,
  mentionBoost: 1,
  bareMentionBoost: 0.3,
  clauseWeight: 0.2,
  learnedWeight: 0.15,
  learnedB: 0.25,
  repeatWeight: 1,
  maxLearnedQueries: 800,
  maxLearnedTerms: 512,
  pruneShare: 0.15,
  pruneCommon: 0.05,
  maxCandidates: 4_000,
  vectorWeight: 0.05,
  vectorFloor: 0,
  vectorQueryIdf: false,
  vectorSkipAction: true,
  softWeight: 0.1,
  softAllWeight: 0,
  softNeighbours: 3,
  softMinCos: 0.5,
  vectorFieldWeights: [0, 1, 0.5, 0.25, 0.25, 0.5],
  vectorSifA: 1e-4,
  vectorOnlyTop: 50,
  vectorDepth: 0.2,
  vectorClauses: false,
  vectorLearnedWeight: 4,
  vectorScanDocs: 5_000,
  prfDocs: 0,
  prfTerms: 10,
  prfWeight: 0.3,
};

/** Fills in defaults and checks shapes, so a bad override fails at construction, not mid-query. */
export function resolveParams(overrides: Partial<RankingParams> = {}): RankingParams {
  const p: RankingParams = { ...DEFAULT_PARAMS, ...overrides };
  if (p.fieldWeights.length !== FIELD_COUNT || p.fieldB.length !== FIELD_COUNT || p.vectorFieldWeights.length !== FIELD_COUNT) {
    throw new Error(`fieldWeights, fieldB and vectorFieldWeights need ${FIELD_COUNT} entries`);
  }
  return { ...p, fieldWeights: [...p.fieldWeights], fieldB: [...p.fieldB], vectorFieldWeights: [...p.vectorFieldWeights] };
}
