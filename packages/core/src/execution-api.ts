import { z } from 'zod';
import { PaginationQuerySchema } from './api.js';
import { HintTagSchema, InputSchemaSchema, ToolkitSlugSchema } from './catalog.js';
import { HttpHeaderNameSchema, HttpHeaderValueSchema } from './http-headers.js';
import { CUSTOM_SLUG_PATTERN } from './session-config.js';
import { CustomAuthParamsSchema, CustomConnectionDataSchema } from './supplied-auth.js';

/** Request bodies and queries of the execution endpoints (proxy, MCP servers, logs, approvals). */

const toolkitSlug = ToolkitSlugSchema;
const headerMap = z.record(HttpHeaderNameSchema, HttpHeaderValueSchema);

/** Body of `POST /tool_router/session/{id}/proxy_execute`. */
export const ProxyExecuteSchema = z.strictObject({
  toolkit_slug: z.string().min(1).max(60),
  /** A path below the toolkit's base URL (`/user/repos`), or an absolute URL on the same host. */
  endpoint: z.string().min(1).max(4096),
  method: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])),
  body: z.unknown().optional(),
  parameters: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        type: z.enum(['query', 'header']),
        value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
      }),
    )
    .max(100)
    .optional(),
  /** Connected account id or alias, when the user has several for the toolkit. */
  account: z.string().min(1).optional(),
});
export type ProxyExecute = z.infer<typeof ProxyExecuteSchema>;

/** A header or query value the classic proxy adds to the call (`in` on the SDK side, `type` on the wire). */
const ClassicProxyParameterSchema = z.strictObject({
  name: z.string().min(1).max(200),
  type: z.enum(['query', 'header']),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
});

/**
 * Body of the classic `POST /tools/execute/{slug}` (no session): the fields the official clients
 * send. `x-llm-gateway-headers` is accepted so such requests are not refused for their shape.
 */
export const ClassicToolExecuteSchema = z.strictObject({
  arguments: z.record(z.string(), z.unknown()).optional(),
  user_id: z.string().min(1).max(200).optional(),
  /** The older name of user_id. */
  entity_id: z.string().min(1).max(200).optional(),
  version: z.string().min(1).max(100).optional(),
  connected_account_id: z.string().min(1).max(200).optional(),
  /** Credentials for this call instead of a stored account (see supplied-auth.ts). */
  custom_auth_params: CustomAuthParamsSchema.optional(),
  /** The older form of the same; wins over custom_auth_params, as in the reference. */
  custom_connection_data: CustomConnectionDataSchema.optional(),
  allow_tracing: z.boolean().nullable().optional(),
  text: z.string().max(10_000).optional(),
  'x-llm-gateway-headers': z.string().max(10_000).optional(),
});
export type ClassicToolExecute = z.infer<typeof ClassicToolExecuteSchema>;

/** Body of the classic `POST /tools/execute/proxy`: the account names the user and the toolkit. */
export const ClassicProxySchema = z.strictObject({
  endpoint: z.string().min(1).max(4096),
  method: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])),
  body: z.unknown().optional(),
  connected_account_id: z.string().min(1).max(200).optional(),
  parameters: z.array(ClassicProxyParameterSchema).max(100).optional(),
  /** Credentials for this call instead of a stored account; its toolkitSlug names the toolkit. */
  custom_connection_data: CustomConnectionDataSchema.optional(),
  binary_body: z.unknown().optional(),
});
export type ClassicProxy = z.infer<typeof ClassicProxySchema>;

const mcpServerCommon = {
  slug: toolkitSlug,
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  /** Per-call timeout for this server's tools. */
  timeout_ms: z.number().int().min(100).max(600_000).optional(),
};

/** Body of `POST /mcp_servers`: an upstream MCP server whose tools become a toolkit. */
export const McpServerCreateSchema = z.discriminatedUnion('transport', [
  z.strictObject({
    ...mcpServerCommon,
    transport: z.literal('stdio'),
    command: z.string().min(1).max(1000),
    args: z.array(z.string().max(4000)).max(100).optional(),
    /** Extra environment for the process; values are sealed at rest and never returned. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), z.string().max(8192)).optional(),
  }),
  z.strictObject({
    ...mcpServerCommon,
    transport: z.literal('http'),
    url: z.url(),
    /** Sent with every request (e.g. Authorization); sealed at rest and never returned. */
    headers: headerMap.optional(),
  }),
]);
export type McpServerCreate = z.infer<typeof McpServerCreateSchema>;

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z' });

/** Query of `GET /execution_logs`. */
export const ExecutionLogQuerySchema = PaginationQuerySchema.extend({
  session_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  tool_slug: z.string().min(1).optional(),
  toolkit: z.string().min(1).optional(),
  status: z.enum(['success', 'error', 'denied', 'approval_required']).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
}).strict();

/** Query of `GET /approvals`. */
export const ApprovalListQuerySchema = PaginationQuerySchema.extend({
  session_id: z.string().min(1).optional(),
  status: z.enum(['pending', 'approved', 'denied', 'used', 'expired']).optional(),
}).strict();

const customToolSlug = z.string().min(1).max(60).regex(CUSTOM_SLUG_PATTERN, 'may only contain letters, digits, "_" and "-"');

/**
 * Body of `PUT /custom_toolkits/{slug}`: a project's own tools that this server executes by
 * calling a webhook. Replaces the toolkit and all its tools at once.
 */
export const CustomToolkitRegisterSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  /** Default webhook for the toolkit's tools; a tool may name its own. */
  webhook_url: z.url().optional(),
  tools: z
    .array(
      z.strictObject({
        slug: customToolSlug,
        name: z.string().min(1).max(200),
        description: z.string().min(1, 'must not be empty').max(10_000),
        input_schema: InputSchemaSchema,
        output_schema: z.record(z.string(), z.unknown()).optional(),
        tags: z.array(HintTagSchema).optional(),
        webhook_url: z.url().optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type CustomToolkitRegister = z.infer<typeof CustomToolkitRegisterSchema>;
