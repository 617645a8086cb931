import { z } from 'zod';

/** Lower-case toolkit slug, e.g. `github`, `google_sheets`. */
export const TOOLKIT_SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,59}$/;
/** UPPER_SNAKE tool slug, at most 60 characters, e.g. `GITHUB_CREATE_AN_ISSUE`. */
export const TOOL_SLUG_PATTERN = /^[A-Z0-9][A-Z0-9_]{0,59}$/;
export const MAX_TOOL_SLUG_LENGTH = 60;

/** The four MCP tool annotation hints; tools carry them as tags and sessions filter on them. */
/** The MCP annotation hints a tool's tags may carry. */
export const HINT_TAGS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
/** Hints a session's tag filters accept: MCP's, plus the reference's newer createHint and updateHint. */
export const FILTER_HINT_TAGS = [...HINT_TAGS, 'createHint', 'updateHint'] as const;
export type HintTag = (typeof HINT_TAGS)[number];
export type FilterHintTag = (typeof FILTER_HINT_TAGS)[number];
export const HintTagSchema = z.enum(FILTER_HINT_TAGS);

/**
 * Names a JavaScript object already answers to. Records keyed by toolkit slug are plain objects,
 * so a toolkit called `constructor` would find `Object` there in every session that never named
 * it; `__proto__` is dropped by the parsers instead. Neither can be a toolkit slug.
 */
export const RESERVED_OBJECT_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const RESERVED_KEY_MESSAGE = 'is a reserved name ("__proto__", "constructor" and "prototype" cannot be used)';

export const ToolkitSlugSchema = z
  .string()
  .regex(TOOLKIT_SLUG_PATTERN, 'must be lower-case letters, digits, "_" or "-", at most 60 characters')
  .refine((slug) => !RESERVED_OBJECT_KEYS.has(slug), RESERVED_KEY_MESSAGE);
export const ToolSlugSchema = z.string().regex(TOOL_SLUG_PATTERN, 'must be UPPER_SNAKE_CASE (A-Z, 0-9, _), at most 60 characters');

/** A JSON Schema object describing a tool's arguments: always `type: "object"`. */
export const InputSchemaSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string(), z.unknown()).optional(),
    required: z.array(z.string()).optional(),
  })
  .passthrough();
export type InputSchema = z.infer<typeof InputSchemaSchema>;

/** A field the end user (or the operator) supplies when connecting, e.g. an API key. */
export const AuthFieldSchema = z
  .object({
    name: z.string().min(1),
    display_name: z.string().min(1),
    description: z.string().optional(),
    /** Secret values are sealed at rest and never returned whole. */
    secret: z.boolean().default(true),
    required: z.boolean().default(true),
  })
  .strict();
export type AuthField = z.infer<typeof AuthFieldSchema>;

/** A name in a tenant field's own format (the `{name}` placeholders). */
const TENANT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * Tenant values the provider tells after the token exchange, so the end user need not type them:
 * Mailchimp answers `GET https://login.mailchimp.com/oauth2/metadata` (token sent as
 * `Authorization: OAuth <token>`) with the account's data centre in `dc`. The server makes that one
 * GET through its guarded outbound client and checks each value exactly as a typed one.
 */
export const TenantDiscoverySchema = z
  .object({
    /** Where to ask; a fixed address (no placeholders), called with the new access token. */
    url: z.url().refine((u) => !/\{|%7B/i.test(u), 'must be a fixed address without {placeholders}'),
    /** The header that carries the access token. */
    token_header: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')
      .default('Authorization'),
    /** Text placed before the token in that header (Mailchimp wants `OAuth `). */
    token_prefix: z.string().max(40).default('Bearer '),
    /** Tenant field name → where its value is in the JSON answer (a key, or a dotted path such as `account.dc`). */
    fields: z
      .record(
        z.string().regex(TENANT_NAME, 'must be a tenant field name'),
        z.string().regex(/^[A-Za-z0-9_-]{1,64}(?:\.[A-Za-z0-9_-]{1,64}){0,4}$/, 'must be a key of the answer, or a dotted path of at most five keys'),
      )
      .refine((f) => Object.keys(f).length > 0, 'must name at least one tenant field'),
  })
  .strict();
export type TenantDiscovery = z.infer<typeof TenantDiscoverySchema>;

const OAuth2SchemeSchema = z
  .object({
    mode: z.literal('OAUTH2'),
    authorization_url: z.url().optional(),
    token_url: z.url(),
    refresh_url: z.url().optional(),
    /** Every scope the provider offers, with a description where known. */
    scopes: z.record(z.string(), z.string()).default({}),
    /** Scopes requested when an auth config names none. */
    default_scopes: z.array(z.string()).default([]),
    /** Which OAuth2 grants the provider supports. */
    grants: z.array(z.enum(['authorization_code', 'client_credentials'])).default(['authorization_code']),
    pkce: z.boolean().default(true),
    /** Separator between scopes in the authorize URL (GitHub and Google use a space, Slack a comma). */
    scope_separator: z.string().default(' '),
    /** Tenant values learnt from the provider once the token is issued, instead of asked for. */
    tenant_discovery: TenantDiscoverySchema.optional(),
  })
  .strict();

const ApiKeySchemeSchema = z
  .object({
    mode: z.literal('API_KEY'),
    in: z.enum(['header', 'query', 'cookie']),
    /** Header, query parameter or cookie name. */
    name: z.string().min(1),
    /** Text placed before the key, e.g. `Token ` in an Authorization header. */
    prefix: z.string().default(''),
    /**
     * Send the key as the user name of HTTP Basic auth with this fixed password (`""` for none), as
     * Freshdesk wants (`key:X`). `in` must then be `header`, `name` `Authorization` and `prefix` empty.
     */
    basic: z
      .object({ password: z.string().max(100).default('') })
      .strict()
      .optional(),
    fields: z.array(AuthFieldSchema).optional(),
  })
  .strict()
  .superRefine((scheme, ctx) => {
    if (scheme.basic && (scheme.in !== 'header' || scheme.name.toLowerCase() !== 'authorization' || scheme.prefix !== ''))
      ctx.addIssue({ code: 'custom', path: ['basic'], message: 'a key sent as a Basic user name needs in: header, name: Authorization and no prefix' });
  });

const BasicSchemeSchema = z.object({ mode: z.literal('BASIC'), fields: z.array(AuthFieldSchema).optional() }).strict();
const BearerSchemeSchema = z.object({ mode: z.literal('BEARER_TOKEN'), fields: z.array(AuthFieldSchema).optional() }).strict();
const NoAuthSchemeSchema = z.object({ mode: z.literal('NO_AUTH') }).strict();

export const AuthSchemeSchema = z.discriminatedUnion('mode', [
  OAuth2SchemeSchema,
  ApiKeySchemeSchema,
  BasicSchemeSchema,
  BearerSchemeSchema,
  NoAuthSchemeSchema,
]);
export type AuthScheme = z.infer<typeof AuthSchemeSchema>;
export type AuthMode = AuthScheme['mode'];

/** Where one tool argument goes in the HTTP request. */
export const HttpArgLocationSchema = z
  .object({
    in: z.enum(['path', 'query', 'header', 'cookie', 'body']),
    /** The name in the request (may differ from the argument name after de-duplication). */
    name: z.string(),
  })
  .strict();

/** How a catalog tool is executed: an HTTP call against the toolkit's base URL. */
export const HttpBindingSchema = z
  .object({
    kind: z.literal('http'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    /** Path template relative to the toolkit's base URL, e.g. `/repos/{owner}/{repo}/issues`. */
    path: z.string().startsWith('/'),
    /** Argument name → where it goes. Arguments not listed here are not sent. */
    args: z.record(z.string(), HttpArgLocationSchema).default({}),
    /**
     * `fields`: body-located arguments become the properties of a JSON object body.
     * `whole`: the single body argument is the entire body (arrays, strings, raw payloads).
     */
    body: z
      .object({ content_type: z.string(), mode: z.enum(['fields', 'whole']) })
      .strict()
      .optional(),
  })
  .strict();
export type HttpBinding = z.infer<typeof HttpBindingSchema>;

/**
 * A tool that is described but cannot be executed by this server, e.g. tools loaded from an
 * evaluation set. Search and listings treat it like any other tool; executing it is refused.
 */
export const DescribedOnlyBindingSchema = z.strictObject({ kind: z.literal('none'), reason: z.string().min(1) });

/** A tool of a registered upstream MCP server: the call is forwarded to that server's tool. */
export const McpBindingSchema = z.strictObject({
  kind: z.literal('mcp'),
  /** Slug of the registered MCP server (also the toolkit slug). */
  server: ToolkitSlugSchema,
  /** The tool's name on the upstream server, which may differ from our slug. */
  tool: z.string().min(1).max(200),
});
export type McpBinding = z.infer<typeof McpBindingSchema>;

/**
 * A project's own tool the server runs by POSTing `{arguments, user_id, session_id}` to a
 * webhook, signed with the project's webhook secret.
 */
export const WebhookBindingSchema = z.strictObject({ kind: z.literal('webhook'), url: z.url() });
export type WebhookBinding = z.infer<typeof WebhookBindingSchema>;

/**
 * A GraphQL operation: the call POSTs `{query, variables, operationName}` to the toolkit's base
 * URL plus `endpoint`. With a `document`, each tool argument becomes the variable the mapping
 * names; without one (a raw passthrough tool), the caller's `query` and `variables` arguments are
 * sent as they are.
 */
export const GraphqlBindingSchema = z.strictObject({
  kind: z.literal('graphql'),
  /** Path of the GraphQL endpoint relative to the toolkit's base URL, e.g. `/graphql`. */
  endpoint: z.string().startsWith('/'),
  /** The operation document, or null when the tool sends the caller's own document. */
  document: z.string().min(1).nullable(),
  operation_name: z.string().min(1).nullable(),
  /** Tool argument name → GraphQL variable name. Arguments not listed here are not sent. */
  variables: z.record(z.string(), z.string()).default({}),
});
export type GraphqlBinding = z.infer<typeof GraphqlBindingSchema>;

/**
 * A curated tool described by templates: the friendly arguments are mapped onto one HTTP request on
 * the toolkit's base URL, and the provider's answer is reshaped for a model. Every template is a
 * JSONata expression evaluated against the arguments (after schema defaults); the server compiles
 * them all when the catalog loads, so a broken template never reaches a call.
 */
export const TemplateBindingSchema = z.strictObject({
  kind: z.literal('template'),
  method: HttpBindingSchema.shape.method,
  /** Path below the base URL; each `{expression}` is evaluated and percent-encoded, e.g. `/calendars/{calendar_id}/events`. */
  path: z.string().startsWith('/'),
  /** Query parameter → expression; a parameter whose value is undefined is left out, arrays repeat it. */
  query: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Header → expression; undefined values are left out. Credentials are applied after these. */
  headers: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Expression building the whole request body (an object for JSON or form bodies). */
  body: z.string().min(1).optional(),
  /** Body media type; JSON unless it says form-urlencoded. */
  content_type: z.string().min(1).default('application/json'),
  /**
   * Expression applied to a successful JSON answer (`$` is the answer, `$args` the arguments);
   * absent keeps the answer as is.
   */
  response: z.string().min(1).optional(),
  /**
   * Expression over a successful answer that yields an error message when the provider reports a
   * failure inside a 2xx answer (Slack's `{"ok": false, "error": ...}`); anything else means success.
   */
  error: z.string().min(1).optional(),
});
export type TemplateBinding = z.infer<typeof TemplateBindingSchema>;

/**
 * A curated tool run by a named TypeScript function registered in the server (e.g.
 * `gmail.send_email`), for what a template cannot express: building a MIME message, several
 * requests in a row, decoding a payload. The function calls the toolkit's API with the account's
 * credentials through the same guarded client as HTTP tools.
 */
export const FunctionBindingSchema = z.strictObject({
  kind: z.literal('function'),
  /** `toolkit.action`, lower-case, e.g. `gmail.send_email`. */
  name: z.string().regex(/^[a-z0-9_-]+\.[a-z0-9_]+$/, 'must look like "toolkit.action", e.g. gmail.send_email'),
  /**
   * Other origins the function may call besides the toolkit's base URL, by name: the Drive API for
   * Docs and Sheets tools (`drive: https://www.googleapis.com`), or a per-tenant host whose one `*`
   * label the function fills in (`project: https://*.supabase.co`). Nothing else can be reached.
   */
  origins: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string().regex(/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/)).optional(),
});
export type FunctionBinding = z.infer<typeof FunctionBindingSchema>;

export const ToolBindingSchema = z.discriminatedUnion('kind', [
  HttpBindingSchema,
  DescribedOnlyBindingSchema,
  McpBindingSchema,
  WebhookBindingSchema,
  GraphqlBindingSchema,
  TemplateBindingSchema,
  FunctionBindingSchema,
]);
export type ToolBinding = z.infer<typeof ToolBindingSchema>;

export const ToolSchema = z
  .object({
    slug: ToolSlugSchema,
    name: z.string().min(1).max(200),
    description: z.string().max(10_000),
    /** Slug of the toolkit the tool belongs to. */
    toolkit: ToolkitSlugSchema,
    input_parameters: InputSchemaSchema,
    output_parameters: z.record(z.string(), z.unknown()).default({}),
    /** MCP hints plus free-form categories. */
    tags: z.array(z.string().min(1)).default([]),
    version: z.string().min(1),
    /** True when the tool needs no connected account. */
    no_auth: z.boolean().default(false),
    scopes: z.array(z.string()).default([]),
    /**
     * Requests in people's own words that this tool answers ("email Bob the Q3 numbers"). Search
     * indexes them like queries learned from usage, so a tool is found by what people ask for.
     */
    examples: z.array(z.string().min(1).max(300)).max(20).optional(),
    binding: ToolBindingSchema,
  })
  .strict();
export type Tool = z.infer<typeof ToolSchema>;

/**
 * A per-tenant value a toolkit's URLs need, written `{name}` in its base URL or OAuth URLs (the
 * `acme` of `https://acme.zendesk.com`). The end user gives it when connecting; it is stored with
 * the account and substituted when a tool runs and when the OAuth URLs are built.
 */
export const TenantFieldSchema = z
  .object({
    name: z.string().regex(TENANT_NAME, 'must be a placeholder name: a letter, then letters, digits or _'),
    display_name: z.string().min(1).max(100),
    description: z.string().min(1).max(500),
    /**
     * What a value must match, as a regular expression (matched whole, case-insensitive). Whatever
     * it says, a value is also limited to one DNS label (letters, digits, '-'), so it can never
     * change which host a URL names.
     */
    pattern: z.string().min(1).max(300),
  })
  .strict();
export type TenantField = z.infer<typeof TenantFieldSchema>;

export const ToolkitSchema = z
  .object({
    slug: ToolkitSlugSchema,
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).default(''),
    logo: z.string().nullable().default(null),
    categories: z.array(z.string()).default([]),
    auth_schemes: z.array(AuthSchemeSchema).default([{ mode: 'NO_AUTH' }]),
    /** Base URL every tool's path is appended to. */
    base_url: z.url().nullable().default(null),
    /**
     * The tenant values `{name}` placeholders in base_url and the OAuth URLs stand for. Optional:
     * a placeholder with a well-known name (subdomain, shop, instance, cloudId, dc, site) is
     * described by the server when the toolkit does not declare it.
     */
    tenant_fields: z.array(TenantFieldSchema).optional(),
    version: z.string().min(1),
  })
  .strict()
  .superRefine((toolkit, ctx) => {
    toolkit.auth_schemes.forEach((scheme, i) => {
      if (scheme.mode !== 'OAUTH2' || !scheme.tenant_discovery) return;
      const inUrls = (urls: Array<string | null | undefined>) =>
        new Set(
          urls.flatMap((u) =>
            [
              ...(u ?? '')
                .replace(/%7B/gi, '{')
                .replace(/%7D/gi, '}')
                .matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g),
            ].map((m) => m[1]!),
          ),
        );
      const known = new Set([...(toolkit.tenant_fields ?? []).map((f) => f.name), ...inUrls([toolkit.base_url])]);
      // Learnt after the token exchange, so the authorize and token URLs cannot depend on it.
      const neededBefore = inUrls([scheme.authorization_url, scheme.token_url]);
      for (const name of Object.keys(scheme.tenant_discovery.fields)) {
        const path = ['auth_schemes', i, 'tenant_discovery', 'fields', name];
        if (!known.has(name))
          ctx.addIssue({ code: 'custom', path, message: `"${name}" is not a tenant field of this toolkit (declare it, or use it in base_url)` });
        else if (neededBefore.has(name))
          ctx.addIssue({ code: 'custom', path, message: `"${name}" is needed by the authorize or token URL, before any token exists to discover it with` });
      }
    });
  });
export type Toolkit = z.infer<typeof ToolkitSchema>;

/** A toolkit together with its tools: what every tool source produces. */
export interface ToolkitBundle {
  toolkit: Toolkit;
  tools: Tool[];
}

/** Where a toolkit came from; built-in ones are shared by all projects and cannot be replaced. */
export type ToolkitOrigin = 'builtin' | 'imported';
