import type { Tool } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { CatalogView } from '../catalog/catalog-view.js';
import type { SearchUsageRow, Store } from '../store/store.js';
import type { Embedder } from './dense/embedder.js';
import { DEFAULT_DENSE_WEIGHT, fuseRankings } from './dense/fuse.js';
import { VectorIndex } from './dense/vector-index.js';
import { explainMatch, type MatchExplanation } from './engine/explain.js';
import { ToolIndex, type WordVectors } from './engine/index.js';
import { indexedTool } from './indexed-tool.js';
import { DEFAULT_LEARNING, type LearningSettings, learnedQueries, normaliseQuery } from './learned-queries.js';
import type { LearnedQuery, SearchHit, SearchOptions } from './types.js';

export interface SearchServiceOptions {
  /** Learning from use; off means usage is neither recorded nor applied. */
  learning: boolean;
  learningSettings?: LearningSettings;
  /** How often (at most) a project's index pulls new usage from the store. */
  usageRefreshMs?: number;
  /** How far back an execution is attributed to the session's searches. */
  attributionWindowMs?: number;
  now?: () => Date;
  /** Static word vectors for the engine's meaning channel; undefined = words only. */
  wordVectors?: WordVectors | undefined;
  /** Optional dense retrieval, fused with the lexical ranking. */
  embedder?: Embedder | undefined;
  /** Dense share of the fused score, 0 … 1 (TOOLROUTER_EMBEDDINGS_WEIGHT); see `fuseRankings`. */
  denseWeight?: number;
  /** Reports embedding failures (search then stays lexical). */
  onEmbedderError?: (error: unknown) => void;
}

/** A curated tool's example request counts like a query that led to the tool once, recently. */
const EXAMPLE_WEIGHT = 1;

/** How many candidates each ranking contributes before fusion. */
const FUSION_DEPTH = 50;

interface ProjectIndex {
  index: ToolIndex;
  view: CatalogView | undefined;
  /** toolkit slug → identity of the indexed version, to re-index only what changed. */
  toolkitKeys: Map<string, string>;
  usage: Map<string, Map<string, SearchUsageRow>>;
  usageSyncedAt: string | undefined;
  usageCheckedAt: number;
  vectors: VectorIndex;
  /** Background embedding of changed toolkits; awaited by `denseReady`. */
  embedding: Promise<void>;
}

/**
 * One search index per project, shared by all of its sessions (session filters are applied at
 * query time). The index follows the catalog incrementally — a changed toolkit is re-indexed on
 * its own — and follows the project's usage pairs, which any server instance may have written.
 */
export class SearchService {
  readonly #store: Store;
  readonly #catalog: CatalogService;
  readonly #options: Required<Omit<SearchServiceOptions, 'learningSettings' | 'embedder' | 'onEmbedderError' | 'wordVectors' | 'denseWeight'>> & {
    learningSettings: LearningSettings;
  };
  readonly #embedder: Embedder | undefined;
  readonly #denseWeight: number;
  readonly #onEmbedderError: (error: unknown) => void;
  readonly #wordVectors: WordVectors | undefined;
  readonly #projects = new Map<string, ProjectIndex>();
  readonly #syncing = new Map<string, Promise<ProjectIndex>>();

  constructor(store: Store, catalog: CatalogService, options: SearchServiceOptions) {
    this.#store = store;
    this.#catalog = catalog;
    this.#options = {
      learning: options.learning,
      learningSettings: options.learningSettings ?? DEFAULT_LEARNING,
      usageRefreshMs: options.usageRefreshMs ?? 5_000,
      attributionWindowMs: options.attributionWindowMs ?? 60 * 60_000,
      now: options.now ?? (() => new Date()),
    };
    this.#embedder = options.embedder;
    this.#denseWeight = options.denseWeight ?? DEFAULT_DENSE_WEIGHT;
    this.#wordVectors = options.wordVectors;
    this.#onEmbedderError = options.onEmbedderError ?? (() => undefined);
  }

  get learning(): boolean {
    return this.#options.learning;
  }

  /**
   * Ranked tools for one query within what `options.allow` lets through. `options.view` is the catalog
   * view the filter was written against (a session's, which follows the catalog revision the change feed
   * keeps in memory): the index follows the same revision, reading the store's only when the two differ.
   * An index still synced to another view (a catalog change between the reads) may hold other tools
   * under a toolkit's slug, so then the toolkit-level answers of the filter are not used.
   */
  async rank(projectId: string, query: string, options: SearchOptions & { view?: CatalogView }): Promise<SearchHit[]> {
    let project = await this.#sync(projectId, false, options.view ? 'call' : 'store');
    if (options.view !== undefined && options.view !== project.view) project = await this.#sync(projectId);
    if (options.allowToolkit && options.view !== undefined && options.view !== project.view) {
      const { allowToolkit: _stale, ...rest } = options;
      options = rest;
    }
    const denseWeight = options.denseWeight ?? this.#denseWeight;
    if (!this.#embedder || project.vectors.size === 0 || denseWeight === 0) return project.index.search(query, options);
    const lexical = project.index.search(query, { ...options, limit: Math.max(options.limit, FUSION_DEPTH) });
    try {
      const [vector] = await this.#embedder.embed([query], 'query');
      const dense = project.vectors.search(vector!, FUSION_DEPTH, options.allow);
      // Fusion may move a tool the request names by slug; it goes first there too.
      return project.index.pinNamedSlugs(query, fuseRankings(lexical, dense, FUSION_DEPTH, denseWeight), options);
    } catch (error) {
      // A broken embedding server must not break search: answer lexically and report it.
      this.#onEmbedderError(error);
      return lexical.slice(0, options.limit);
    }
  }

  /**
   * Why each of `slugs` matched `query` (see `explainMatch`), with the learned queries the index
   * holds for it. For the web console's playground; the ranking itself never calls this.
   */
  async explain(projectId: string, query: string, slugs: readonly string[]): Promise<Map<string, MatchExplanation>> {
    const project = await this.#sync(projectId);
    const out = new Map<string, MatchExplanation>();
    for (const slug of slugs) {
      const tool = project.view?.tool(slug);
      const toolkit = tool && project.view?.toolkit(tool.toolkit)?.toolkit;
      if (!tool || !toolkit) continue;
      const learned = [...(project.usage.get(slug)?.keys() ?? [])];
      out.set(slug, explainMatch(query, indexedTool(tool, toolkit), learned));
    }
    return out;
  }

  /** Resolves once the project's tools changed so far have vectors (immediately without an embedder). */
  async denseReady(projectId: string): Promise<void> {
    await (await this.#sync(projectId)).embedding;
  }

  /**
   * Called when a session executes a tool: every search of that session within the attribution
   * window that returned the tool becomes a (query, tool) usage pair for the project.
   */
  async recordExecution(projectId: string, sessionId: string, toolSlug: string): Promise<number> {
    return this.recordExecutions(projectId, sessionId, [{ toolSlug, at: this.#options.now() }]);
  }

  /**
   * `recordExecution` for several executions of one session, each at its own time (written in
   * batches after the calls answered): the session's searches are read once for all of them.
   */
  async recordExecutions(projectId: string, sessionId: string, executions: ReadonlyArray<{ toolSlug: string; at: Date }>): Promise<number> {
    if (!this.#options.learning || executions.length === 0) return 0;
    const window = this.#options.attributionWindowMs;
    const earliest = Math.min(...executions.map((e) => e.at.getTime()));
    const searches = await this.#store.search.recentForSession(projectId, sessionId, new Date(earliest - window).toISOString());
    let pairs = 0;
    for (const { toolSlug, at } of executions) {
      const from = new Date(at.getTime() - window).toISOString();
      const to = at.toISOString();
      const queries = new Set(
        searches.filter((s) => s.created_at >= from && s.created_at <= to && s.slugs.includes(toolSlug)).map((s) => normaliseQuery(s.query)),
      );
      for (const query of queries) await this.#store.search.recordUsage(projectId, toolSlug, query, to);
      pairs += queries.size;
    }
    const project = this.#projects.get(projectId);
    if (project) project.usageCheckedAt = 0; // let the next search pick the new pairs up at once
    return pairs;
  }

  /**
   * Records (query, tool) pairs directly, for replaying usage from elsewhere (the evaluation's
   * `--learn-from train`, or an import of historical logs).
   */
  async recordUsage(projectId: string, pairs: ReadonlyArray<{ query: string; toolSlug: string }>): Promise<void> {
    if (!this.#options.learning) return;
    const at = this.#options.now().toISOString();
    await this.#store.search.recordUsageMany(
      projectId,
      pairs.map((p) => ({ toolSlug: p.toolSlug, query: normaliseQuery(p.query) })),
      at,
    );
    const project = this.#projects.get(projectId);
    if (project) project.usageCheckedAt = 0;
  }

  /**
   * Builds the indexes of `projectIds` now, one after another, yielding to other work between
   * toolkits (a full catalog takes a second or more of CPU). The server calls it once it listens,
   * so the first search finds its index ready; a search that arrives earlier waits for the build
   * under way (see #sync), so it never sees a partial index.
   */
  async warm(projectIds: readonly string[]): Promise<void> {
    for (const id of projectIds) await this.#sync(id, true);
  }

  /**
   * Serialises syncs per project so concurrent searches share one catalog or usage refresh. A sync
   * already under way may have read the catalog before a change this caller must see (an import
   * answered while the start-up build ran), so after it the caller syncs once more, which costs
   * nothing when the catalog is unchanged.
   */
  async #sync(projectId: string, yielding = false, revision: 'call' | 'store' = 'store'): Promise<ProjectIndex> {
    const running = this.#syncing.get(projectId);
    if (running) await running.catch(() => undefined);
    const again = this.#syncing.get(projectId);
    if (again) return again;
    const job = this.#doSync(projectId, yielding, revision).finally(() => this.#syncing.delete(projectId));
    this.#syncing.set(projectId, job);
    return job;
  }

  /** `revision`: whose catalog revision to follow, the store's or the one calls use (`CatalogService.viewForCall`). */
  async #doSync(projectId: string, yielding: boolean, revision: 'call' | 'store'): Promise<ProjectIndex> {
    let project = this.#projects.get(projectId);
    if (!project) {
      project = {
        index: new ToolIndex(undefined, this.#wordVectors),
        view: undefined,
        toolkitKeys: new Map(),
        usage: new Map(),
        usageSyncedAt: undefined,
        usageCheckedAt: 0,
        vectors: new VectorIndex(),
        embedding: Promise.resolve(),
      };
      this.#projects.set(projectId, project);
    }
    const view = revision === 'call' ? await this.#catalog.viewForCall(projectId) : await this.#catalog.view(projectId);
    if (view !== project.view) {
      const changed = await syncCatalog(project, view, yielding);
      for (const toolkit of changed) this.#reapplyLearned(project, view, toolkit);
      this.#embedChanged(project, view, changed);
      project.view = view;
    }
    if (this.#options.learning && Date.now() - project.usageCheckedAt >= this.#options.usageRefreshMs) {
      await this.#syncUsage(projectId, project);
    }
    return project;
  }

  /** Embeds the tools of changed toolkits in the background; drops vectors of removed tools. */
  #embedChanged(project: ProjectIndex, view: CatalogView, changed: readonly string[]): void {
    const embedder = this.#embedder;
    if (!embedder) return;
    const present = new Set(view.tools.keys());
    const work = async () => {
      for (const slug of [...project.vectors.keys()]) if (!present.has(slug)) project.vectors.delete(slug);
      const tools = changed.flatMap((tk) => {
        const entry = view.toolkit(tk);
        return entry ? entry.tools.map((t) => ({ slug: t.slug, text: `${entry.toolkit.name}: ${t.name}. ${t.description}`.slice(0, 2_000) })) : [];
      });
      const vectors = await embedder.embed(
        tools.map((t) => t.text),
        'document',
      );
      tools.forEach((t, i) => project.vectors.set(t.slug, vectors[i]!));
    };
    project.embedding = project.embedding.then(work).catch((error: unknown) => this.#onEmbedderError(error));
  }

  /**
   * A re-indexed toolkit starts from fresh documents; give its tools their expansion back: the
   * example requests a curated tool carries, plus (with learning on) the queries usage taught.
   */
  #reapplyLearned(project: ProjectIndex, view: CatalogView, toolkit: string): void {
    const now = this.#options.now();
    for (const tool of view.toolkit(toolkit)?.tools ?? []) {
      const usage = this.#options.learning ? project.usage.get(tool.slug) : undefined;
      if (usage || (tool.examples?.length ?? 0) > 0) project.index.setLearned(tool.slug, this.#expansion(tool, usage, now));
    }
  }

  /** A tool's examples (as if asked once, recently) followed by its learned queries. */
  #expansion(tool: Tool | undefined, usage: Map<string, SearchUsageRow> | undefined, now: Date): LearnedQuery[] {
    const examples = (tool?.examples ?? []).map((text) => ({ text, weight: EXAMPLE_WEIGHT }));
    return usage ? [...examples, ...learnedQueries(usage.values(), now, this.#options.learningSettings)] : examples;
  }

  async #syncUsage(projectId: string, project: ProjectIndex): Promise<void> {
    project.usageCheckedAt = Date.now();
    const rows = await this.#store.search.usageSince(projectId, project.usageSyncedAt);
    if (rows.length === 0) return;
    const touched = new Set<string>();
    for (const row of rows) {
      let perTool = project.usage.get(row.tool_slug);
      if (!perTool) project.usage.set(row.tool_slug, (perTool = new Map()));
      perTool.set(row.query, row);
      touched.add(row.tool_slug);
      if (!project.usageSyncedAt || row.last_used_at > project.usageSyncedAt) project.usageSyncedAt = row.last_used_at;
    }
    const now = this.#options.now();
    for (const slug of touched) {
      project.index.setLearned(slug, this.#expansion(project.view?.tool(slug), project.usage.get(slug), now));
    }
  }
}

/**
 * Re-indexes toolkits whose content changed and drops the ones that are gone; returns the re-indexed.
 * `yielding` lets other tasks of the event loop run between toolkits (a background build).
 */
async function syncCatalog(project: ProjectIndex, view: CatalogView, yielding: boolean): Promise<string[]> {
  const seen = new Set<string>();
  const reindexed: string[] = [];
  for (const [slug, entry] of view.toolkits) {
    seen.add(slug);
    // Toolkit objects are replaced, never mutated, when their content changes.
    const key = `${entry.origin}:${entry.toolkit.version}:${entry.tools.length}:${entry.tools[0]?.slug ?? ''}`;
    if (project.toolkitKeys.get(slug) === key) continue;
    project.index.upsertToolkit(
      slug,
      entry.tools.map((t) => indexedTool(t, entry.toolkit)),
    );
    project.toolkitKeys.set(slug, key);
    reindexed.push(slug);
    if (yielding) await new Promise((resolve) => setImmediate(resolve));
  }
  for (const slug of [...project.toolkitKeys.keys()]) {
    if (!seen.has(slug)) {
      project.index.removeToolkit(slug);
      project.toolkitKeys.delete(slug);
    }
  }
  return reindexed;
}
