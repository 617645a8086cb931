import { z } from 'zod';
import { type InputSchema, ToolkitSlugSchema } from './catalog.js';
import { CustomToolkitSchema, CustomToolSchema } from './session-config.js';

/** Every list endpoint answers with this page shape. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total_pages: number;
  current_page: number;
  total_items: number;
}

/** A tool as the API shows it (catalog listings and a session's tool list). */
export interface ToolItem {
  slug: string;
  name: string;
  description: string;
  human_description: string;
  toolkit: { slug: string; name: string; logo: string };
  input_parameters: InputSchema;
  output_parameters: Record<string, unknown>;
  tags: string[];
  version: string;
  available_versions: string[];
  is_deprecated: boolean;
  /** The reference's deprecation block, which its clients read on every tool. */
  deprecated: { is_deprecated: boolean; version: string; available_versions: string[]; displayName: string; toolkit: { logo: string } };
  no_auth: boolean;
  scopes: string[];
  scope_requirements: null;
}

/** Query string of paginated list endpoints. */
export const PaginationQuerySchema = z.object({
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').optional(),
});

/** Body of `POST /toolkits/import`. */
export const ToolkitImportSchema = z
  .strictObject({
    slug: ToolkitSlugSchema,
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(10_000).optional(),
    spec: z.record(z.string(), z.unknown()).optional(),
    spec_url: z.url().optional(),
    base_url: z.url().optional(),
    logo: z.url().optional(),
    categories: z.array(z.string()).optional(),
  })
  .refine((b) => (b.spec === undefined) !== (b.spec_url === undefined), {
    message: 'give exactly one of "spec" (the OpenAPI document) or "spec_url"',
    path: ['spec'],
  });
export type ToolkitImport = z.infer<typeof ToolkitImportSchema>;

const inlineCustoms = z
  .strictObject({
    custom_tools: z.array(CustomToolSchema).max(500).optional(),
    custom_toolkits: z.array(CustomToolkitSchema).max(100).optional(),
  })
  .optional();

/** Body of `POST /tool_router/session/{id}/search`. */
export const SessionSearchSchema = z.strictObject({
  queries: z
    .array(
      z.strictObject({
        use_case: z.string().trim().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
        known_fields: z.string().max(500, 'must be at most 500 characters').optional(),
      }),
    )
    .min(1, 'give at least one query')
    .max(20, 'at most 20 queries per call'),
  /** Restrict results to these toolkits (sent by the reference client's `search({toolkits})`). */
  toolkits: z.array(z.string().min(1)).max(100).optional(),
  model: z.string().max(200).optional(),
  experimental: inlineCustoms,
});
export type SessionSearch = z.infer<typeof SessionSearchSchema>;

/** Body of `POST /tool_router/session/{id}/execute`. */
export const SessionExecuteSchema = z.strictObject({
  tool_slug: z.string().min(1, 'must not be empty').max(200),
  arguments: z.record(z.string(), z.unknown()).default({}),
  /** Connected account id or alias, when the user has several for the toolkit. */
  account: z.string().min(1).optional(),
  enable_auto_workbench_offload: z.boolean().optional(),
  allow_tracing: z.boolean().optional(),
  experimental: inlineCustoms,
});
export type SessionExecute = z.infer<typeof SessionExecuteSchema>;

/** Body of `POST /tool_router/session/{id}/execute_meta` (older clients). */
export const SessionExecuteMetaSchema = z.strictObject({
  slug: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
  experimental: inlineCustoms,
});

/** Body of `POST /tool_router/session/{id}/mcp_tokens`. */
/** An MCP URL token lives this long unless its request (or the server's setting) says otherwise: 30 days. */
export const DEFAULT_MCP_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/** No MCP URL token lives longer than a year. */
export const MAX_MCP_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;

export const McpTokenCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Lifetime in seconds; without it the server's default (30 days unless configured). */
  expires_in: z.number().int().min(60, 'must be at least 60 seconds').max(MAX_MCP_TOKEN_TTL_SECONDS, 'must be at most one year').optional(),
});
export type McpTokenCreate = z.infer<typeof McpTokenCreateSchema>;
