import { fileURLToPath } from 'node:url';
import type { ToolkitBundle } from '@toolrouter/core';
import { compiledCatalogSource } from './compiled/compiled-source.js';
import { logoPathIfPresent } from './logos.js';
import { mergeSources } from './overlay.js';
import type { ToolSource } from './source.js';
import { declarativeSource } from './sources/declarative/index.js';

/** The built-in catalog files ship in packages/server/catalog, two levels above this module (src/ or dist/). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));
/** Toolkit logos, served at /logos/{slug}.svg (see logos.ts). */
export const BUILTIN_LOGO_DIR = `${BUILTIN_CATALOG_DIR}logos`;

/**
 * The sources of a catalog directory: the compiled catalog in `<dir>/compiled` (see
 * scripts/build-catalog.mjs), then the curated toolkit files in `<dir>/toolkits`, which overlay
 * compiled toolkits of the same slug.
 */
export function builtinSources(catalogDir: string = BUILTIN_CATALOG_DIR): ToolSource[] {
  const dir = catalogDir.endsWith('/') ? catalogDir : `${catalogDir}/`;
  const curated = declarativeSource(`${dir}toolkits`);
  return [
    compiledCatalogSource(`${dir}compiled`),
    {
      name: curated.name,
      overlay: true,
      // A curated toolkit without a logo of its own shows the catalog's logo file for its slug.
      load: async () =>
        Promise.all(
          (await curated.load()).map(async (b) =>
            b.toolkit.logo !== null ? b : { ...b, toolkit: { ...b.toolkit, logo: await logoPathIfPresent(`${dir}logos`, b.toolkit.slug) } },
          ),
        ),
    },
  ];
}

/**
 * Loads every built-in source and merges them (see `mergeSources`); a toolkit or tool slug defined
 * twice is a packaging bug and fails start-up.
 */
export async function loadBuiltinCatalog(sources: ToolSource[] = builtinSources()): Promise<ToolkitBundle[]> {
  const loaded = await Promise.all(sources.map(async (s) => ({ overlay: s.overlay === true, bundles: await s.load() })));
  const bundles = mergeSources(loaded);
  const tools = new Set<string>();
  for (const b of bundles) {
    for (const t of b.tools) {
      if (tools.has(t.slug)) throw new Error(`Built-in tool "${t.slug}" is defined twice`);
      tools.add(t.slug);
    }
  }
  return bundles;
}
