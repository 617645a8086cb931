import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ToolkitBundle, ToolRouterError } from '@toolrouter/core';
import { bundleFileSource } from './bundle-file-source.js';
import { compiledCatalogSource } from './compiled/compiled-source.js';
import { logoPathIfPresent } from './logos.js';
import { mergeSources } from './overlay.js';
import type { ToolSource } from './source.js';
import { declarativeSource } from './sources/declarative/index.js';
import { DEFAULT_PARSED_CACHE_FILE } from './sources/declarative/parsed-cache.js';

/** The built-in catalog files ship in packages/server/catalog, two levels above this module (src/ or dist/). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));
/** Toolkit logos, served at /logos/{slug}.svg (see logos.ts). */
export const BUILTIN_LOGO_DIR = `${BUILTIN_CATALOG_DIR}logos`;

/**
 * The sources of a catalog directory: the lazily loaded compiled catalog in `<dir>/compiled` (see
 * scripts/build-catalog.mjs), every bundle file `<dir>/*.json.gz` (the GraphQL toolkits), then the
 * curated toolkit files in `<dir>/toolkits`, which overlay compiled toolkits of the same slug. Any
 * catalog build can be loaded this way, e.g. to compare two (`toolrouter catalog diff`).
 */
export function builtinSources(catalogDir: string = BUILTIN_CATALOG_DIR): ToolSource[] {
  const dir = catalogDir.endsWith('/') ? catalogDir : `${catalogDir}/`;
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json.gz'))
      .sort();
  } catch (cause) {
    throw new ToolRouterError('INTERNAL', `Cannot read the catalog directory ${dir}: ${String(cause)}`, { cause });
  }
  // A toolkit without a logo of its own shows the catalog's logo file for its slug.
  const withLogos = (source: ToolSource): ToolSource => ({
    ...source,
    load: async () =>
      Promise.all(
        (await source.load()).map(async (b) =>
          b.toolkit.logo !== null ? b : { ...b, toolkit: { ...b.toolkit, logo: await logoPathIfPresent(`${dir}logos`, b.toolkit.slug) } },
        ),
      ),
  });
  const sources: ToolSource[] = [];
  if (existsSync(`${dir}compiled`)) sources.push(compiledCatalogSource(`${dir}compiled`));
  sources.push(...names.map((name) => withLogos(bundleFileSource(join(dir, name)))));
  // The shipped curated files start from the build's parsed cache; another catalog directory is parsed in full.
  const cacheFile = dir === BUILTIN_CATALOG_DIR ? DEFAULT_PARSED_CACHE_FILE : undefined;
  if (existsSync(`${dir}toolkits`)) sources.push({ ...withLogos(declarativeSource(`${dir}toolkits`, cacheFile)), overlay: true });
  return sources;
}

/**
 * Linear and monday.com converted from the SDL files in packages/server/catalog/graphql/. The
 * server loads the compiled result instead (a second faster); the build script and tests use this.
 */
export function builtinGraphqlSource(): ToolSource {
  return {
    name: 'graphql:builtin',
    // Imported on use: the graphql package costs every server process a tenth of a second at start-up.
    load: async () => {
      const { BUILTIN_GRAPHQL_TOOLKITS, graphqlSource } = await import('./sources/graphql/index.js');
      const files = BUILTIN_GRAPHQL_TOOLKITS.map((definition) => ({
        definition,
        schemaFile: `${BUILTIN_CATALOG_DIR}graphql/${definition.toolkit.slug}.graphql.gz`,
      }));
      return graphqlSource(files).load();
    },
  };
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
