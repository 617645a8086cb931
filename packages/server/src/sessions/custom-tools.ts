import { type CustomTool, type CustomToolEcho, type CustomToolkit, type CustomToolkitEcho, MAX_TOOL_SLUG_LENGTH } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';

/**
 * Custom tools run in the caller's process (the SDK intercepts them); the server validates them,
 * gives them their final LOCAL_ names, and makes them visible to search. Naming:
 *   standalone tool            LOCAL_<SLUG>
 *   tool extending a toolkit   LOCAL_<TOOLKIT>_<SLUG>
 *   tool of a custom toolkit   LOCAL_<CUSTOM_TOOLKIT>_<SLUG>
 */
export const LOCAL_PREFIX = 'LOCAL_';

const upper = (s: string) => s.toUpperCase().replace(/-/g, '_');

export function customToolSlug(slug: string, toolkit?: string): string {
  return toolkit ? `${LOCAL_PREFIX}${upper(toolkit)}_${upper(slug)}` : `${LOCAL_PREFIX}${upper(slug)}`;
}

const LOCAL_SLUG = /^local_/i;

/**
 * Case-insensitive test for the LOCAL_ prefix. Search asks this for every candidate it ranks
 * (thousands per query), so it must not build an upper-cased copy of each slug: that alone was
 * 13 % of a search request's CPU.
 */
export function isLocalSlug(slug: string): boolean {
  return LOCAL_SLUG.test(slug);
}

export function renderCustomTools(tools: readonly CustomTool[] = []): CustomToolEcho[] {
  return tools.map((t) => ({
    slug: customToolSlug(t.slug, t.extends_toolkit),
    original_slug: t.slug,
    name: t.name,
    description: t.description,
    input_schema: t.input_schema,
    ...(t.output_schema ? { output_schema: t.output_schema } : {}),
    ...(t.extends_toolkit ? { extends_toolkit: t.extends_toolkit } : {}),
  }));
}

export function renderCustomToolkits(toolkits: readonly CustomToolkit[] = []): CustomToolkitEcho[] {
  return toolkits.map((tk) => ({
    slug: tk.slug,
    name: tk.name,
    description: tk.description,
    tools: tk.tools.map((t) => ({
      slug: customToolSlug(t.slug, tk.slug),
      original_slug: t.slug,
      name: t.name,
      description: t.description,
      input_schema: t.input_schema,
      ...(t.output_schema ? { output_schema: t.output_schema } : {}),
    })),
  }));
}

/** Problems with a session's custom tools, each naming the field. Empty when all is well. */
export function customToolProblems(view: CatalogView, tools: readonly CustomTool[] = [], toolkits: readonly CustomToolkit[] = []): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const claim = (finalSlug: string, field: string) => {
    if (finalSlug.length > MAX_TOOL_SLUG_LENGTH) {
      problems.push(`${field}: the final slug ${finalSlug} is ${finalSlug.length} characters; the limit is ${MAX_TOOL_SLUG_LENGTH}, shorten the slug`);
    }
    const earlier = seen.get(finalSlug);
    if (earlier) problems.push(`${field}: the final slug ${finalSlug} is already used by ${earlier}`);
    else seen.set(finalSlug, field);
  };

  tools.forEach((t, i) => {
    const field = `experimental.custom_tools[${i}]`;
    if (t.extends_toolkit !== undefined && !view.toolkit(t.extends_toolkit)) {
      const hint = view.suggestToolkit(t.extends_toolkit);
      problems.push(`${field}.extends_toolkit: no toolkit "${t.extends_toolkit}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    claim(customToolSlug(t.slug, t.extends_toolkit), field);
  });

  const toolkitSlugs = new Set<string>();
  toolkits.forEach((tk, i) => {
    const field = `experimental.custom_toolkits[${i}]`;
    const lower = tk.slug.toLowerCase();
    if (view.toolkit(lower)) {
      problems.push(`${field}.slug: "${tk.slug}" is already a catalog toolkit; pick another slug, or add tools to it with extends_toolkit`);
    }
    if (toolkitSlugs.has(lower)) problems.push(`${field}.slug: "${tk.slug}" is used by two custom toolkits`);
    toolkitSlugs.add(lower);
    tk.tools.forEach((t, j) => claim(customToolSlug(t.slug, tk.slug), `${field}.tools[${j}]`));
  });
  return problems;
}
