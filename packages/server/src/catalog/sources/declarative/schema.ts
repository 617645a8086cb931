import {
  AuthSchemeSchema,
  FunctionBindingSchema,
  HttpBindingSchema,
  InputSchemaSchema,
  TemplateBindingSchema,
  TenantFieldSchema,
  ToolkitSlugSchema,
  ToolSlugSchema,
} from '@toolrouter/core';
import { z } from 'zod';

/**
 * The shape of a declarative toolkit file (`packages/server/catalog/toolkits/<slug>.yaml`).
 * Every object is strict: a misspelt key (`inputs:` for `input_parameters:`) is an error rather
 * than a silently ignored field. Cross-field rules (slug prefixes, path placeholders, argument
 * placement) live in build.ts, which sees the whole file.
 */

export const DECLARATIVE_FORMAT = 1;

export const HTTP_METHODS = HttpBindingSchema.shape.method.options;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Where an argument can be placed; `body` arguments become fields of the request body. */
export const ArgPlacementSchema = z
  .object({
    in: z.enum(['path', 'query', 'header', 'cookie', 'body']),
    /** The name on the wire when it differs from the argument name, e.g. `Notion-Version`. */
    name: z.string().min(1).optional(),
  })
  .strict();
export type ArgPlacement = z.infer<typeof ArgPlacementSchema>;

/**
 * A curated tool's binding: a template (friendly arguments → one request → shaped answer) or a
 * named TypeScript function. A tool has either this or `method` + `path` (a plain HTTP call).
 */
export const FileBindingSchema = z.discriminatedUnion('kind', [TemplateBindingSchema, FunctionBindingSchema]);
export type FileBinding = z.infer<typeof FileBindingSchema>;

export const FileToolSchema = z
  .object({
    slug: ToolSlugSchema,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(10_000),
    /** Plain HTTP tools: the method and path the arguments are placed on (see `args`). */
    method: z.enum(HTTP_METHODS).optional(),
    path: z.string().startsWith('/', 'must start with "/"').optional(),
    binding: FileBindingSchema.optional(),
    /** Requests in people's own words this tool answers; search indexes them (3-5 is plenty). */
    examples: z.array(z.string().min(1).max(300)).max(20).default([]),
    /** JSON Schema of the arguments; a tool without arguments may leave it out. */
    input_parameters: InputSchemaSchema.default(() => ({ type: 'object' as const, properties: {}, required: [] })),
    output_parameters: z.record(z.string(), z.unknown()).optional(),
    /** MCP hints and categories; hints are derived from the method when none is listed. */
    tags: z.array(z.string().min(1)).optional(),
    no_auth: z.boolean().default(false),
    scopes: z.array(z.string().min(1)).default([]),
    args: z.record(z.string(), ArgPlacementSchema).default({}),
    body_content_type: z.string().min(1).optional(),
  })
  .strict();
export type FileTool = z.infer<typeof FileToolSchema>;

/**
 * Everything but the tools. The tools are validated one by one (see build.ts) so that a broken
 * tool does not hide the problems of the toolkit fields or of the other tools.
 */
export const ToolkitHeadSchema = z
  .object({
    format: z.literal(DECLARATIVE_FORMAT),
    slug: ToolkitSlugSchema,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(10_000),
    logo: z.string().min(1).nullable().default(null),
    categories: z.array(z.string().min(1)).default([]),
    // Required rather than defaulted: forgetting it must not quietly make a toolkit NO_AUTH.
    auth_schemes: z.array(AuthSchemeSchema).min(1),
    base_url: z.url().refine((url) => !url.endsWith('/'), 'must not end with "/" (tool paths start with one)'),
    tenant_fields: z.array(TenantFieldSchema).optional(),
    version: z.string().min(1),
    tools: z.array(z.unknown()).min(1),
  })
  .strict();
export type ToolkitHead = z.infer<typeof ToolkitHeadSchema>;

/** The whole file, for reference and for tooling that wants one schema. */
export const ToolkitFileSchema = ToolkitHeadSchema.extend({ tools: z.array(FileToolSchema).min(1) });
export type ToolkitFile = z.infer<typeof ToolkitFileSchema>;
