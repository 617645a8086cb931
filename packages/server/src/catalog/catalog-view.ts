import { type Tool, type Toolkit, type ToolkitBundle, type ToolkitOrigin, ToolRouterError } from '@toolrouter/core';
import { closestSlug } from './suggest.js';

export interface CatalogToolkit {
  toolkit: Toolkit;
  origin: ToolkitOrigin;
  tools: Tool[];
}

/**
 * Everything one project can see: the built-in toolkits plus the project's own imports, minus the
 * toolkits the operator turned off for the project. Those stay known (as `turnedOff`) so callers
 * can say "turned off for this project" instead of "no such toolkit".
 * Immutable once built; the catalog service swaps in a new view when the project's catalog changes.
 */
export class CatalogView {
  readonly toolkits: ReadonlyMap<string, CatalogToolkit>;
  readonly tools: ReadonlyMap<string, Tool>;
  /** Toolkits that exist but are turned off for the project, by slug. */
  readonly turnedOff: ReadonlyMap<string, CatalogToolkit>;
  readonly #turnedOffTools: ReadonlyMap<string, Tool>;

  constructor(builtin: readonly ToolkitBundle[], imported: readonly ToolkitBundle[], disabled: ReadonlySet<string> = new Set()) {
    const toolkits = new Map<string, CatalogToolkit>();
    const tools = new Map<string, Tool>();
    const add = (bundle: ToolkitBundle, origin: ToolkitOrigin) => {
      toolkits.set(bundle.toolkit.slug, { toolkit: bundle.toolkit, origin, tools: bundle.tools });
      for (const tool of bundle.tools) tools.set(tool.slug, tool);
    };
    for (const b of builtin) add(b, 'builtin');
    // Imports can never shadow a built-in toolkit: the import endpoint refuses such slugs.
    for (const b of imported) if (!toolkits.has(b.toolkit.slug)) add(b, 'imported');
    const turnedOff = new Map<string, CatalogToolkit>();
    const turnedOffTools = new Map<string, Tool>();
    for (const slug of disabled) {
      const entry = toolkits.get(slug);
      if (!entry) continue; // a switch left behind by a deleted import hides nothing
      toolkits.delete(slug);
      turnedOff.set(slug, entry);
      for (const tool of entry.tools) {
        tools.delete(tool.slug);
        turnedOffTools.set(tool.slug, tool);
      }
    }
    this.toolkits = toolkits;
    this.tools = tools;
    this.turnedOff = turnedOff;
    this.#turnedOffTools = turnedOffTools;
  }

  /** The toolkit a tool belongs to when that toolkit is turned off for the project. */
  turnedOffToolkitOf(toolSlug: string): string | undefined {
    return this.#turnedOffTools.get(toolSlug)?.toolkit;
  }

  /** Versions of a toolkit this server can run (one today; a list so several can follow). */
  availableVersions(slug: string): string[] {
    const entry = this.toolkits.get(slug) ?? this.turnedOff.get(slug);
    return entry ? [entry.toolkit.version] : [];
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
    if (this.turnedOff.has(slug)) throw toolkitTurnedOff(slug);
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
      const hit = closestSlug(
        slug,
        scoped.tools.map((t) => t.slug),
      );
      if (hit) return hit;
    }
    return closestSlug(slug, this.tools.keys());
  }
}

/** The one error for a toolkit the operator turned off for the project. */
export function toolkitTurnedOff(slug: string): ToolRouterError {
  return new ToolRouterError('TOOLKIT_DISABLED', `Toolkit "${slug}" is turned off for this project`, {
    suggestedFix: `An operator can turn it back on with \`toolrouter toolkits enable ${slug}\` or PATCH /api/v3.1/toolkits/${slug} {"enabled": true}.`,
  });
}
