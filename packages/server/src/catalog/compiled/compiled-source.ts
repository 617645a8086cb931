import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ToolRouterError, type ToolkitBundle } from '@toolrouter/core';
import type { ToolSource } from '../source.js';
import { DetailCache } from './detail-cache.js';
import { CompiledIndexSchema, INDEX_FILE, type CompiledIndex } from './format.js';
import { lazyTool } from './lazy-tool.js';

const REBUILD = 'Rebuild it with `npm run catalog:build`.';

/** Reads and validates a compiled catalog's index (`<dir>/index.json.gz`). */
export async function readCompiledIndex(dir: string): Promise<CompiledIndex> {
  const file = join(dir, INDEX_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(await readFile(file)).toString('utf8'));
  } catch (cause) {
    throw new ToolRouterError('INTERNAL', `Cannot read the compiled catalog ${file}: ${String(cause)}`, { suggestedFix: REBUILD, cause });
  }
  const result = CompiledIndexSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ToolRouterError('INTERNAL', `The compiled catalog ${file} is not valid`, { errors: first, suggestedFix: REBUILD });
  }
  return result.data;
}

/**
 * The compiled catalog in `dir` (see format.ts). Toolkits and tool summaries load at once; each
 * tool's schemas and binding load from its toolkit's detail file on first access.
 */
export function compiledCatalogSource(dir: string, cache: DetailCache = new DetailCache(dir)): ToolSource {
  return {
    name: `compiled:${dir}`,
    async load(): Promise<ToolkitBundle[]> {
      const index = await readCompiledIndex(dir);
      return index.toolkits.map(({ toolkit, tools }) => ({
        toolkit,
        tools: tools.map((summary) => lazyTool(summary, toolkit.slug, toolkit.version, cache)),
      }));
    },
  };
}
