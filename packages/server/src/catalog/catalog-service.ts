import type { Tool, ToolkitBundle } from '@toolrouter/core';
import type { HotReads } from '../cache/hot-reads.js';
import type { Store } from '../store/store.js';
import { CatalogView } from './catalog-view.js';

/**
 * Hands out each project's CatalogView. Views are cached per project and validated against the
 * project's catalog revision in the store, so an import or a toolkit switched on or off through any
 * server instance is seen by every instance on its next request.
 */
export class CatalogService {
  readonly #builtin: readonly ToolkitBundle[];
  readonly #store: Store;
  readonly #cache = new Map<string, { revision: number; view: CatalogView }>();
  readonly #hot: HotReads | undefined;

  constructor(builtin: readonly ToolkitBundle[], store: Store, hot?: HotReads) {
    this.#builtin = builtin;
    this.#store = store;
    this.#hot = hot;
  }

  get builtin(): readonly ToolkitBundle[] {
    return this.#builtin;
  }

  isBuiltinToolkit(slug: string): boolean {
    return this.#builtin.some((b) => b.toolkit.slug === slug);
  }

  /**
   * Turns a catalog toolkit off (or back on) for a project. 404 with a suggestion for a slug the
   * project has never had; returns whether anything changed.
   */
  async setEnabled(projectId: string, slug: string, enabled: boolean): Promise<{ slug: string; enabled: boolean; changed: boolean }> {
    const view = await this.view(projectId);
    if (!view.toolkit(slug) && !view.turnedOff.has(slug)) view.requireToolkit(slug);
    const changed = await this.#store.toolkits.setEnabled(projectId, slug, enabled);
    return { slug, enabled, changed };
  }

  async view(projectId: string): Promise<CatalogView> {
    return this.#viewAt(projectId, await this.#store.toolkits.revision(projectId));
  }

  /**
   * `view` for calls made in a session: the revision comes from memory, dropped when the change feed
   * announces a catalog change (at once on the instance that made it, within the feed's latency on
   * the others). Listings and imports use `view`, which reads the revision from the store.
   */
  async viewForCall(projectId: string): Promise<CatalogView> {
    if (!this.#hot) return this.view(projectId);
    const revision = await this.#hot.catalogRevisions.load(projectId, () => this.#store.toolkits.revision(projectId));
    return this.#viewAt(projectId, revision ?? 0);
  }

  async #viewAt(projectId: string, revision: number): Promise<CatalogView> {
    const cached = this.#cache.get(projectId);
    if (cached && cached.revision === revision) return cached.view;

    const [stored, tools, disabled] = await Promise.all([
      this.#store.toolkits.list(projectId),
      this.#store.toolkits.listTools(projectId),
      this.#store.toolkits.listDisabled(projectId),
    ]);
    const byToolkit = new Map<string, Tool[]>();
    for (const tool of tools) {
      const list = byToolkit.get(tool.toolkit);
      if (list) list.push(tool);
      else byToolkit.set(tool.toolkit, [tool]);
    }
    const bundles = stored.map((s) => ({ toolkit: s.toolkit, tools: byToolkit.get(s.toolkit.slug) ?? [] }));
    const view = new CatalogView(this.#builtin, bundles, new Set(disabled));
    this.#cache.set(projectId, { revision, view });
    return view;
  }
}
