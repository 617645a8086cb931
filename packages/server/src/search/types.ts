/**
 * The search seam. The ranking engine (`engine/`) knows nothing about projects, sessions or
 * storage: it indexes documents and answers queries. `search-service.ts` keeps one index per
 * project in step with the catalog and applies session filters at query time.
 */

/** What the engine indexes for one tool. */
export interface IndexedTool {
  slug: string;
  toolkit: string;
  toolkitName: string;
  toolkitDescription: string;
  name: string;
  description: string;
  /** JSON Schema (type object) of the arguments: property names, descriptions and enum values are indexed. */
  inputSchema: Record<string, unknown>;
  /** The argument words, when known without the schema (compiled catalog tools): used instead of `inputSchema`. */
  paramText?: ParamSearchText | undefined;
  tags: readonly string[];
  /**
   * A curated tool (template or function binding: arguments a model can fill, answers shaped for it)
   * rather than a raw API operation; see `RankingParams.rawOperationPrior`.
   */
  agentReady?: boolean;
  /**
   * A generated operation under one of the reference product's verified slugs (`GITHUB_CREATE_AN_ISSUE`):
   * the tools its users ask for most. Ranked like a curated tool; see `RankingParams.referencePrior`.
   */
  reference?: boolean;
}

/** The argument words search indexes for a tool: what the engine collects from its input schema, cut and cleaned. */
export interface ParamSearchText {
  /** Argument names, nested ones included, space-separated. */
  names: string;
  /** Argument descriptions, titles and enum values. */
  text: string;
}

export interface SearchHit {
  slug: string;
  score: number;
}

/** Which tools of a toolkit a session filter lets through (see `SearchOptions.allowToolkit`). */
export type ToolkitVerdict = 'all' | 'none' | 'some';

export interface SearchOptions {
  limit: number;
  /** Only tools for which this returns true are ranked (session filters). */
  allow?: (slug: string) => boolean;
  /**
   * The same filter decided per toolkit where it can be, asked once per toolkit a query touches:
   * "none" (no tool of it passes), "all" (every tool of it passes: `allow` is not asked), or "some"
   * (`allow` decides tool by tool). Without it every toolkit is "some". Only for indexed tools;
   * `extra` documents always go through `allow`.
   */
  allowToolkit?: (toolkit: string) => ToolkitVerdict;
  /** Documents searched together with the index for this query only (a session's inline custom tools). */
  extra?: readonly IndexedTool[];
  /** Overrides the service's dense weight for this query (the evaluation compares weights); 0 = lexical only. */
  denseWeight?: number;
}

/** A past query that led to executing a tool, with a weight that decays with age. */
export interface LearnedQuery {
  text: string;
  weight: number;
}
