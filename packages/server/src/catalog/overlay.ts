import { type Toolkit, type ToolkitBundle, ToolRouterError } from '@toolrouter/core';

/**
 * Lays a curated (declarative) toolkit over the compiled toolkit of the same slug, giving one
 * toolkit: metadata from the curated file wherever it sets a value, else from the compiled one;
 * tools = the curated tools first, then the compiled ones, a curated tool replacing the compiled
 * tool of the same slug. Both sets of tool paths are relative to one base URL (the API's origin,
 * see docs/catalog.md), so the two must agree on it.
 */
export function overlayToolkit(compiled: ToolkitBundle, curated: ToolkitBundle): ToolkitBundle {
  const base = compiled.toolkit;
  const top = curated.toolkit;
  if (top.base_url !== null && base.base_url !== null && top.base_url !== base.base_url) {
    throw new ToolRouterError('INTERNAL', `The curated toolkit "${top.slug}" has base_url ${top.base_url} but the compiled one has ${base.base_url}`, {
      suggestedFix: 'Use the API origin as base_url in both and put the full path in each tool (docs/catalog.md).',
    });
  }
  const toolkit: Toolkit = {
    slug: base.slug,
    name: top.name || base.name,
    description: top.description || base.description,
    logo: top.logo ?? base.logo,
    categories: top.categories.length > 0 ? top.categories : base.categories,
    auth_schemes: top.auth_schemes.length > 0 ? top.auth_schemes : base.auth_schemes,
    base_url: top.base_url ?? base.base_url,
    version: top.version || base.version,
  };
  const replaced = new Set(curated.tools.map((t) => t.slug));
  return { toolkit, tools: [...curated.tools, ...compiled.tools.filter((t) => !replaced.has(t.slug))] };
}

/**
 * Bundles of several sources merged by toolkit slug, in source order. A slug defined twice is a
 * packaging bug, except when the later definition comes from an overlay source and the earlier
 * one does not: then the later overlays the earlier.
 */
export function mergeSources(loaded: ReadonlyArray<{ overlay: boolean; bundles: ToolkitBundle[] }>): ToolkitBundle[] {
  const merged = new Map<string, { bundle: ToolkitBundle; overlay: boolean; overlaid: boolean }>();
  for (const { overlay, bundles } of loaded) {
    for (const bundle of bundles) {
      const slug = bundle.toolkit.slug;
      const earlier = merged.get(slug);
      if (earlier === undefined) {
        merged.set(slug, { bundle, overlay, overlaid: false });
        continue;
      }
      if (!overlay || earlier.overlay || earlier.overlaid) throw new Error(`Built-in toolkit "${slug}" is defined twice`);
      merged.set(slug, { bundle: overlayToolkit(earlier.bundle, bundle), overlay: false, overlaid: true });
    }
  }
  return [...merged.values()].map((m) => m.bundle);
}
