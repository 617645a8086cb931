import { ToolkitSchema, ToolSchema } from '@toolrouter/core';
import { z } from 'zod';

/**
 * The compiled built-in catalog (written by scripts/build-catalog.mjs, read at start-up).
 *
 * `index.json.gz` holds every toolkit and, per tool, only what listings and search need; each
 * toolkit's full tool definitions (argument and result schemas, HTTP binding) sit in their own
 * `tools/<slug>.json.gz`, read the first time one of its tools' schemas or bindings is needed.
 * Ten thousand tools with full schemas held as objects would cost hundreds of megabytes; the
 * index costs a few tens.
 */
export const COMPILED_FORMAT = 2;
export const INDEX_FILE = 'index.json.gz';
export const TOOLS_DIR = 'tools';

/** What search indexes of a tool's arguments (see `schemaSearchText`). */
const ParamTextSchema = z.strictObject({ names: z.string(), text: z.string() });

export const ToolSummarySchema = z.strictObject({
  slug: ToolSchema.shape.slug,
  name: ToolSchema.shape.name,
  description: ToolSchema.shape.description,
  tags: z.array(z.string()),
  /** Only when it differs from the toolkit's version. */
  version: z.string().min(1).optional(),
  no_auth: z.boolean(),
  scopes: z.array(z.string()),
  params: ParamTextSchema,
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
