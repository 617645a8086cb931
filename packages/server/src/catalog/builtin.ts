import { fileURLToPath } from 'node:url';
import type { ToolkitBundle } from '@toolrouter/core';
import { compiledCatalogSource } from './compiled-source.js';
import type { ToolSource } from './source.js';
import { declarativeSource, defaultToolkitsDir } from './sources/declarative/index.js';
import { BUILTIN_GRAPHQL_TOOLKITS, graphqlSource } from './sources/graphql/index.js';

/** The built-in catalog files ship in packages/server/catalog, two levels above this module (src/ or dist/). */
const catalogDir = fileURLToPath(new URL('../../catalog/', import.meta.url));

export function builtinSources(): ToolSource[] {
  return [
    compiledCatalogSource(`${catalogDir}github.json.gz`),
    declarativeSource(defaultToolkitsDir()),
    // Linear and monday.com, compiled from builtinGraphqlSource() by `npm run catalog:graphql`.
    compiledCatalogSource(`${catalogDir}graphql.json.gz`),
  ];
}

/**
 * Linear and monday.com converted from the SDL files in packages/server/catalog/graphql/. The
 * server loads the compiled result instead (a second faster); the build script and tests use this.
 */
export function builtinGraphqlSource(): ToolSource {
  return graphqlSource(BUILTIN_GRAPHQL_TOOLKITS.map((definition) => ({ definition, schemaFile: `${catalogDir}graphql/${definition.toolkit.slug}.graphql.gz` })));
}

/** Loads every built-in source; a toolkit slug defined twice is a packaging bug and fails start-up. */
export async function loadBuiltinCatalog(sources: ToolSource[] = builtinSources()): Promise<ToolkitBundle[]> {
  const bundles = (await Promise.all(sources.map((s) => s.load()))).flat();
  const toolkits = new Set<string>();
  const tools = new Set<string>();
  for (const b of bundles) {
    if (toolkits.has(b.toolkit.slug)) throw new Error(`Built-in toolkit "${b.toolkit.slug}" is defined twice`);
    toolkits.add(b.toolkit.slug);
    for (const t of b.tools) {
      if (tools.has(t.slug)) throw new Error(`Built-in tool "${t.slug}" is defined twice`);
      tools.add(t.slug);
    }
  }
  return bundles;
}
