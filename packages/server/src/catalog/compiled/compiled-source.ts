import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { type ToolkitBundle, ToolkitSchema, ToolRouterError } from '@toolrouter/core';
import { z } from 'zod';
import { markReferenceTools } from '../reference-tools.js';
import type { ToolSource } from '../source.js';
import { DetailCache } from './detail-cache.js';
import { COMPILED_FORMAT, type CompiledIndex, INDEX_FILE } from './format.js';
import { lazyTool } from './lazy-tool.js';
import { SearchTextStore } from './search-text-store.js';

const gunzipAsync = promisify(gunzip);

/**
 * What start-up checks of the index: its format and every toolkit in full, each tool only by the
 * fields that identify it. Checking all 12,000 tool summaries in full costs a tenth of a second at
 * every start; the build validates each one and catalog-contract.test.ts checks the shipped file
 * against the whole CompiledIndexSchema.
 */
const StartupIndexSchema = z.object({
  format: z.literal(COMPILED_FORMAT),
  generated_from: z.array(z.string()),
  toolkits: z.array(
    z.object({
      toolkit: ToolkitSchema,
      reference_slugs: z.array(z.string()),
      tools: z.array(z.looseObject({ slug: z.string(), name: z.string() })),
    }),
  ),
});

const REBUILD = 'Rebuild it with `npm run catalog:build`.';

/** Reads and validates a compiled catalog's index (`<dir>/index.json.gz`). */
export async function readCompiledIndex(dir: string): Promise<CompiledIndex> {
  const file = join(dir, INDEX_FILE);
  let parsed: unknown;
  try {
    // Decompressed off the main thread, so the other sources load meanwhile.
    parsed = JSON.parse((await gunzipAsync(await readFile(file))).toString('utf8'));
  } catch (cause) {
    throw new ToolRouterError('INTERNAL', `Cannot read the compiled catalog ${file}: ${String(cause)}`, { suggestedFix: REBUILD, cause });
  }
  const result = StartupIndexSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ToolRouterError('INTERNAL', `The compiled catalog ${file} is not valid`, { errors: first, suggestedFix: REBUILD });
  }
  return result.data as CompiledIndex;
}

/**
 * The compiled catalog in `dir` (see format.ts). Toolkits and tool summaries load at once; each
 * tool's schemas and binding load from its toolkit's detail file on first access, and the argument
 * words search indexes load with the first search index. The operations the build matched to
 * reference slugs are marked as such (see reference-tools.ts).
 */
export function compiledCatalogSource(
  dir: string,
  cache: DetailCache = new DetailCache(dir),
  searchText: SearchTextStore = new SearchTextStore(dir),
): ToolSource {
  return {
    name: `compiled:${dir}`,
    async load(): Promise<ToolkitBundle[]> {
      const index = await readCompiledIndex(dir);
      return index.toolkits.map(({ toolkit, reference_slugs, tools }) => {
        const source = { cache, searchText, toolkit: toolkit.slug };
        const loaded = tools.map((summary) => lazyTool(summary, source, toolkit.version));
        markReferenceTools(loaded, reference_slugs);
        return { toolkit, tools: loaded };
      });
    },
  };
}
