import { z } from 'zod';

/**
 * Wire shapes of auth configs, connected accounts and Connect Links. Field names follow the
 * reference API so its client works unchanged; validation messages are ours.
 */

/** Auth schemes this server can connect. */
export const SUPPORTED_AUTH_SCHEMES = ['OAUTH2', 'API_KEY', 'BASIC', 'BEARER_TOKEN', 'NO_AUTH'] as const;
export type SupportedAuthScheme = (typeof SUPPORTED_AUTH_SCHEMES)[number];

export const CONNECTION_STATUSES = ['INITIALIZING', 'INITIATED', 'ACTIVE', 'FAILED', 'EXPIRED', 'INACTIVE', 'REVOKED'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

const scopeList = z.union([z.string(), z.array(z.string().min(1)).max(200)]).transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v));

/**
 * Settings of a custom auth config. Secrets (`client_secret`) are sealed at rest and never
 * returned. `authorization_url` / `token_url` override the toolkit's own endpoints.
 */
export const AuthConfigCredentialsSchema = z.strictObject({
  client_id: z.string().min(1).max(1_000).optional(),
  client_secret: z.string().min(1).max(4_000).optional(),
  scopes: scopeList.optional(),
  user_scopes: scopeList.optional(),
  /** `authorization_code` (default) or `client_credentials`. */
  grant_type: z.enum(['authorization_code', 'client_credentials']).optional(),
  authorization_url: z.url().optional(),
  token_url: z.url().optional(),
  /** How the client authenticates at the token endpoint; RFC 6749 §2.3.1. */
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
});
export type AuthConfigCredentials = z.output<typeof AuthConfigCredentialsSchema>;

const toolAccess = z.strictObject({
  tools_available_for_execution: z.array(z.string()).optional(),
  tools_for_connected_account_creation: z.array(z.string()).optional(),
});

const commonConfigFields = {
  name: z.string().min(1).max(200).optional(),
  credentials: AuthConfigCredentialsSchema.optional(),
  restrict_to_following_tools: z.array(z.string().min(1)).max(5_000).optional(),
  tool_access_config: toolAccess.optional(),
  is_enabled_for_tool_router: z.boolean().optional(),
  /** Ours: make this the config used when a session names none for the toolkit. */
  is_default: z.boolean().optional(),
};

/** Body of `POST /auth_configs`. */
export const AuthConfigCreateSchema = z.strictObject({
  toolkit: z.strictObject({ slug: z.string().min(1).max(60) }),
  auth_config: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('use_composio_managed_auth'), ...commonConfigFields }),
      z.strictObject({
        type: z.literal('use_custom_auth'),
        authScheme: z.enum(SUPPORTED_AUTH_SCHEMES, `must be one of ${SUPPORTED_AUTH_SCHEMES.join(', ')}`),
        ...commonConfigFields,
      }),
    ])
    .optional(),
});
export type AuthConfigCreate = z.output<typeof AuthConfigCreateSchema>;

/** Body of `PATCH /auth_configs/{id}`. */
export const AuthConfigUpdateSchema = z.strictObject({
  type: z.enum(['custom', 'default']).optional(),
  ...commonConfigFields,
  scopes: scopeList.optional(),
  user_scopes: scopeList.optional(),
});
export type AuthConfigUpdate = z.output<typeof AuthConfigUpdateSchema>;

const commaList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .optional();

/** Query of `GET /connected_accounts` (arrays arrive comma-separated). */
export const ConnectedAccountListQuerySchema = z.strictObject({
  user_ids: commaList,
  auth_config_ids: commaList,
  toolkit_slugs: commaList,
  statuses: commaList.pipe(z.array(z.enum(CONNECTION_STATUSES)).optional()),
  connected_account_ids: commaList,
  account_type: z.enum(['PRIVATE', 'SHARED', 'ALL']).optional(),
  order_by: z.enum(['created_at', 'updated_at']).optional(),
  order_direction: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').optional(),
});

/** Query of `GET /auth_configs`. */
export const AuthConfigListQuerySchema = z.strictObject({
  toolkit_slug: z.string().optional(),
  is_composio_managed: z.enum(['true', 'false']).optional(),
  show_disabled: z.enum(['true', 'false']).optional(),
  search: z.string().max(200).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').optional(),
  /** Sent by older clients; accepted and ignored. */
  deprecated_app_id: z.string().optional(),
  deprecated_status: z.string().optional(),
});

/** Where the browser is sent back to after connecting: http(s) only. */
const callbackUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const linkExperimental = z
  .strictObject({
    account_type: z.literal('PRIVATE', 'only PRIVATE accounts are supported by this server').optional(),
    acl_config_for_shared: z.unknown().optional(),
  })
  .optional();

/** Body of `POST /tool_router/session/{id}/link`. */
export const SessionLinkSchema = z.strictObject({
  toolkit: z.string().min(1).max(60),
  callback_url: callbackUrl.optional(),
  alias: z.string().trim().min(1).max(100).optional(),
  experimental: linkExperimental,
});
export type SessionLink = z.output<typeof SessionLinkSchema>;

/** Body of `POST /connected_accounts/link`. */
export const ConnectedAccountLinkSchema = z.strictObject({
  auth_config_id: z.string().min(1),
  user_id: z.string().min(1).max(256),
  callback_url: callbackUrl.optional(),
  alias: z.string().trim().min(1).max(100).optional(),
  experimental: linkExperimental,
});

/** Body of `PATCH /connected_accounts/{id}`. */
export const ConnectedAccountPatchSchema = z.strictObject({
  alias: z.string().trim().min(1).max(100).nullable().optional(),
  experimental: z.unknown().optional(),
});

/** Body of `PATCH /connected_accounts/{id}/status`. */
export const ConnectedAccountStatusSchema = z.strictObject({ enabled: z.boolean() });

/** Body of `POST /connected_accounts` (the older "initiate" call). */
export const ConnectedAccountInitiateSchema = z.strictObject({
  auth_config: z.strictObject({ id: z.string().min(1) }),
  connection: z.strictObject({
    user_id: z.string().min(1).max(256),
    callback_url: callbackUrl.optional(),
    alias: z.string().trim().min(1).max(100).optional(),
    state: z.unknown().optional(),
    data: z.unknown().optional(),
  }),
  validate_credentials: z.boolean().optional(),
});
