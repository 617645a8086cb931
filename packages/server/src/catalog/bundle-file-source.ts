import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { type ToolkitBundle, ToolkitSchema, ToolRouterError, ToolSchema } from '@toolrouter/core';
import { z } from 'zod';
import { markReferenceTools } from './reference-tools.js';
import type { ToolSource } from './source.js';

/**
 * A small catalog file of whole toolkit bundles, loaded eagerly: gzip-compressed JSON
 * `{format: 1, generated_from, toolkits: (ToolkitBundle & {reference_slugs?})[]}`. The GraphQL toolkits ship this way
 * (scripts/build-graphql-catalog.mjs); the large OpenAPI-built catalog uses the lazy format in
 * `compiled/` instead, whose schemas load per toolkit on first use.
 */
const CompiledCatalogSchema = z.object({
  format: z.literal(1),
  generated_from: z.string(),
  // Tools are checked for their identity only: validating every schema of 1,200 tools would
  // triple start-up time, and the build script (and a test) already validates each with ToolSchema.
  toolkits: z.array(
    z.object({
      toolkit: ToolkitSchema,
      /** The tools that carry a slug of the reference's verified tools (see reference-tools.ts); absent = none. */
      reference_slugs: z.array(ToolSchema.shape.slug).optional(),
      tools: z.array(z.looseObject({ slug: ToolSchema.shape.slug, toolkit: ToolSchema.shape.toolkit, binding: z.looseObject({ kind: z.string() }) })),
    }),
  ),
});

export function bundleFileSource(file: string): ToolSource {
  return {
    name: file,
    async load(): Promise<ToolkitBundle[]> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(gunzipSync(await readFile(file)).toString('utf8'));
      } catch (cause) {
        throw new ToolRouterError('INTERNAL', `Cannot read the compiled catalog ${file}: ${String(cause)}`, {
          suggestedFix: 'Rebuild it with the script that made it (`npm run catalog:graphql` for graphql.json.gz).',
          cause,
        });
      }
      const result = CompiledCatalogSchema.safeParse(parsed);
      if (!result.success) {
        const first = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new ToolRouterError('INTERNAL', `The compiled catalog ${file} is not valid`, {
          errors: first,
          suggestedFix: 'Rebuild it with the script that made it (`npm run catalog:graphql` for graphql.json.gz).',
        });
      }
      // The light check above is all that stands between the file and the catalog; see the comment there.
      return result.data.toolkits.map(({ toolkit, reference_slugs, tools }) => {
        const bundle = { toolkit, tools } as ToolkitBundle;
        markReferenceTools(bundle.tools, reference_slugs ?? []);
        return bundle;
      });
    },
  };
}
