import { ToolkitSchema, ToolSchema } from '@toolrouter/core';
import { z } from 'zod';

/**
 * The compiled built-in catalog (written by scripts/build-catalog.mjs, read at start-up).
 *
 * `index.json.gz` holds every toolkit and, per tool, only what listings need; it is what every
 * server process reads at start-up. `search-text.json.gz` holds the argument words search indexes
 * of each tool (60% of the index's former size), read when the first search index is built. Each
 * toolkit's full tool definitions (argument and result schemas, HTTP binding) sit in their own
 * `tools/<slug>.json.gz`, read the first time one of its tools' schemas or bindings is needed.
 * Ten thousand tools with full schemas held as objects would cost hundreds of megabytes; the
 * index costs about twenty.
 */
export const COMPILED_FORMAT = 3;
export const INDEX_FILE = 'index.json.gz';
export const SEARCH_TEXT_FILE = 'search-text.json.gz';
export const TOOLS_DIR = 'tools';

/** What search indexes of a tool's arguments (see `schemaSearchText`). */
export const ParamTextSchema = z.strictObject({ names: z.string(), text: z.string() });

export const ToolSummarySchema = z.strictObject({
  slug: ToolSchema.shape.slug,
  name: ToolSchema.shape.name,
  description: ToolSchema.shape.description,
  tags: z.array(z.string()),
  /** Only when it differs from the toolkit's version. */
  version: z.string().min(1).optional(),
  no_auth: z.boolean(),
  scopes: z.array(z.string()),
});
export type ToolSummary = z.infer<typeof ToolSummarySchema>;

export const CompiledIndexSchema = z.strictObject({
  format: z.literal(COMPILED_FORMAT),
  /** Source packages and versions, for the record. */
  generated_from: z.array(z.string()),
  toolkits: z.array(
    z.strictObject({
      toolkit: ToolkitSchema,
      /** Reference tool slugs the build matched to an operation (see the manifest's `slugs`). */
      reference_slugs: z.array(z.string()),
      tools: z.array(ToolSummarySchema),
    }),
  ),
});
export type CompiledIndex = z.infer<typeof CompiledIndexSchema>;

/** One toolkit's detail file: slug → the parts of each tool the index leaves out. */
export const ToolDetailsSchema = z.record(
  z.string(),
  z.strictObject({
    input_parameters: ToolSchema.shape.input_parameters,
    output_parameters: z.record(z.string(), z.unknown()),
    binding: z.looseObject({ kind: z.string() }),
  }),
);
export type ToolDetails = z.infer<typeof ToolDetailsSchema>;

/** `search-text.json.gz`: toolkit slug → tool slug → its argument words. */
export const SearchTextSchema = z.strictObject({
  format: z.literal(COMPILED_FORMAT),
  toolkits: z.record(z.string(), z.record(z.string(), ParamTextSchema)),
});
export type SearchText = z.infer<typeof SearchTextSchema>;

/**
 * Splits what a build produced (tool summaries carrying their `params`) into the index and the
 * search-text file. The catalog build writes its output through this, and so did the one-off
 * conversion of the format-2 files (scripts/convert-catalog-format.mjs).
 */
export function splitSearchText(built: {
  generated_from: string[];
  toolkits: {
    toolkit: CompiledIndex['toolkits'][number]['toolkit'];
    reference_slugs: string[];
    tools: (ToolSummary & { params: z.infer<typeof ParamTextSchema> })[];
  }[];
}): { index: CompiledIndex; searchText: SearchText } {
  const searchText: SearchText = { format: COMPILED_FORMAT, toolkits: {} };
  const toolkits = built.toolkits.map(({ toolkit, reference_slugs, tools }) => {
    const words: Record<string, z.infer<typeof ParamTextSchema>> = {};
    searchText.toolkits[toolkit.slug] = words;
    return {
      toolkit,
      reference_slugs,
      tools: tools.map(({ params, ...summary }) => {
        words[summary.slug] = params;
        return summary;
      }),
    };
  });
  return { index: { format: COMPILED_FORMAT, generated_from: built.generated_from, toolkits }, searchText };
}
