import { ToolRouterError, type Tool, type Toolkit, type ToolkitBundle, type ToolkitOrigin } from '@toolrouter/core';
import { closestSlug } from './suggest.js';

export interface CatalogToolkit {
  toolkit: Toolkit;
  origin: ToolkitOrigin;
  tools: Tool[];
}

/**
 * Everything one project can see: the built-in toolkits plus the project's own imports.
 * Immutable once built; the catalog service swaps in a new view when the project's catalog changes.
 */
export class CatalogView {
  readonly toolkits: ReadonlyMap<string, CatalogToolkit>;
  readonly tools: ReadonlyMap<string, Tool>;

  constructor(builtin: readonly ToolkitBundle[], imported: readonly ToolkitBundle[]) {
    const toolkits = new Map<string, CatalogToolkit>();
    const tools = new Map<string, Tool>();
    const add = (bundle: ToolkitBundle, origin: ToolkitOrigin) => {
      toolkits.set(bundle.toolkit.slug, { toolkit: bundle.toolkit, origin, tools: bundle.tools });
      for (const tool of bundle.tools) tools.set(tool.slug, tool);
    };
    for (const b of builtin) add(b, 'builtin');
    // Imports can never shadow a built-in toolkit: the import endpoint refuses such slugs.
    for (const b of imported) if (!toolkits.has(b.toolkit.slug)) add(b, 'imported');
    this.toolkits = toolkits;
    this.tools = tools;
  }

  toolkit(slug: string): CatalogToolkit | undefined {
    return this.toolkits.get(slug);
  }

  tool(slug: string): Tool | undefined {
    return this.tools.get(slug);
  }

  /** The toolkit, or the one "no such toolkit" error every caller reports (with the closest slug). */
  requireToolkit(slug: string, asGiven: string = slug): CatalogToolkit {
    const entry = this.toolkits.get(slug);
    if (entry) return entry;
    const hint = this.suggestToolkit(slug);
    throw new ToolRouterError('TOOLKIT_NOT_FOUND', `No toolkit "${asGiven}"${hint ? ` (did you mean "${hint}"?)` : ''}`, {
      suggestedFix: hint ? `Did you mean "${hint}"?` : 'List toolkits with GET /api/v3.1/toolkits.',
    });
  }

  suggestToolkit(slug: string): string | undefined {
    return closestSlug(slug, this.toolkits.keys());
  }

  /** Closest tool slug, looking first within the toolkit the slug's prefix names. */
  suggestTool(slug: string, toolkitSlug?: string): string | undefined {
    const scoped = toolkitSlug ? this.toolkits.get(toolkitSlug) : undefined;
    if (scoped) {
      const hit = closestSlug(slug, scoped.tools.map((t) => t.slug));
      if (hit) return hit;
    }
    return closestSlug(slug, this.tools.keys());
  }
}
