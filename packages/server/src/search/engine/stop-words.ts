/**
 * English stop words (the NLTK list, which the reference BM25 also removes). Both documents and queries
 * drop them before stemming.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers ' +
    'herself it its itself they them their theirs themselves what which who whom this that these those am is are ' +
    'was were be been being have has had having do does did doing a an the and but if or because as until while ' +
    'of at by for with about against between into through during before after above below to from up down in out ' +
    'on off over under again further then once here there when where why how all any both each few more most ' +
    'other some such no nor not only own same so than too very s t can will just don should now d ll m o re ve y ' +
    'ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn'
  ).split(' '),
);

/**
 * Words that carry no task information in a request addressed to an agent ("can you please help me find…",
 * "I'd like to know…"). They are rare in tool documentation, so plain IDF would treat them as highly
 * discriminative and reward whichever tool happens to say "want" or "please". Down-weighted in queries only (`RankingParams.fillerWeight`);
 * the list is generic conversational filler, not tied to any tool set.
 */
export const QUERY_FILLER_WORDS: ReadonlySet<string> = new Set(
  (
    'please kindly could would may might shall must need needs needed want wants wanted wanting like ' +
    'love help assist tell know let give provide also im ive id youre thanks thank hi hello hey ' +
    'interested curious wondering wonder eager looking seeking going trying try able possible sure ' +
    'something anything everything thing things maybe perhaps really actually currently'
  ).split(' '),
);
