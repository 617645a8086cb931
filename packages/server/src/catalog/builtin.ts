import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolRouterError, type ToolkitBundle } from '@toolrouter/core';
import { compiledCatalogSource } from './compiled-source.js';
import type { ToolSource } from './source.js';
import { declarativeSource } from './sources/declarative/index.js';
import { BUILTIN_GRAPHQL_TOOLKITS, graphqlSource } from './sources/graphql/index.js';

/** The built-in catalog files ship in packages/server/catalog, two levels above this module (src/ or dist/). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

/**
 * The sources of one catalog build: every compiled `*.json.gz` file of `dir` (in name order) and
 * the declarative toolkit files of `dir/toolkits`. The default is the catalog this server ships;
 * another directory (an older or newer build) can be loaded the same way, e.g. to compare them.
 */
export function builtinSources(dir: string = BUILTIN_CATALOG_DIR): ToolSource[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json.gz')).sort();
  } catch (cause) {
    throw new ToolRouterError('INTERNAL', `Cannot read the catalog directory ${dir}: ${String(cause)}`, { cause });
  }
  const sources = names.map((name) => compiledCatalogSource(join(dir, name)));
  const toolkitsDir = join(dir, 'toolkits');
  if (existsSync(toolkitsDir)) sources.push(declarativeSource(toolkitsDir));
  return sources;
}

/**
 * Linear and monday.com converted from the SDL files in packages/server/catalog/graphql/. The
 * server loads the compiled result instead (a second faster); the build script and tests use this.
 */
export function builtinGraphqlSource(): ToolSource {
  return graphqlSource(BUILTIN_GRAPHQL_TOOLKITS.map((definition) => ({ definition, schemaFile: `${BUILTIN_CATALOG_DIR}graphql/${definition.toolkit.slug}.graphql.gz` })));
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
