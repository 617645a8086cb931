/**
 * The offline ranking engine: see tool-index.ts for the pipeline, params.ts for the tuned parameters and
 * scripts/search-tune.mjs for how they were obtained.
 */

export { DEFAULT_PARAMS, type RankingParams } from './params.js';
export { tokenize } from './tokenizer.js';
export { ToolIndex } from './tool-index.js';
export { defaultWordVectors, WordVectors } from './word-vectors.js';
