import { z } from 'zod';
import { HintTagSchema, InputSchemaSchema, RESERVED_KEY_MESSAGE, RESERVED_OBJECT_KEYS } from './catalog.js';

/**
 * Session configuration as it travels on the wire (request spellings: `enable` / `disable`).
 * Responses echo it with past-tense keys; see `renderSessionConfig` on the server.
 *
 * Shorthands the official client never sends but people type by hand are accepted and
 * normalised here (a plain array means `{enable: [...]}`), so the stored form is always canonical.
 */

const slugList = z.array(z.string().min(1)).max(5_000);

/** URLs the router hands to a browser (a redirect target, a link origin): http(s) only. */
const browserUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** `{enable}` or `{disable}`, never both; a bare array means enable. */
export const ToolkitFilterSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { enable: v } : v),
  z.strictObject({ enable: slugList.optional(), disable: slugList.optional() }).refine((f) => !(f.enable && f.disable), {
    message: 'use either "enable" or "disable", not both',
  }),
);

export const TagFilterSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { enable: v } : v),
  z.strictObject({
    enable: z.array(HintTagSchema).optional(),
    disable: z.array(HintTagSchema).optional(),
    /** Tools carrying any of these hints ask the user before they run (the approval machinery). */
    require_approval: z.array(HintTagSchema).optional(),
  }),
);
export type TagFilter = z.infer<typeof TagFilterSchema>;

/** Per-toolkit tool filter: exactly one of enable, disable or tags. */
export const ToolFilterSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { enable: v } : v),
  z
    .strictObject({ enable: slugList.optional(), disable: slugList.optional(), tags: TagFilterSchema.optional() })
    .refine((f) => [f.enable, f.disable, f.tags].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of "enable", "disable" or "tags" for each toolkit',
    }),
);
export type ToolFilter = z.infer<typeof ToolFilterSchema>;

export const ManageConnectionsSchema = z.preprocess(
  (v) => (typeof v === 'boolean' ? { enable: v } : v),
  z.strictObject({
    enable: z.boolean().nullable().optional(),
    callback_url: browserUrl.optional(),
    enable_wait_for_connections: z.boolean().optional(),
    enable_connection_removal: z.boolean().optional(),
  }),
);

export const SANDBOX_SIZES = ['standard', 'medium', 'large', 'xlarge'] as const;

export const WorkbenchSchema = z.strictObject({
  enable: z.boolean().optional(),
  enable_proxy_execution: z.boolean().optional(),
  auto_offload_threshold: z.number().int().positive().optional(),
  sandbox_size: z.enum(SANDBOX_SIZES).optional(),
});

export const MultiAccountSchema = z.strictObject({
  enable: z.boolean().optional(),
  max_accounts_per_toolkit: z.number().int().min(2, 'must be between 2 and 10').max(10, 'must be between 2 and 10').optional(),
  require_explicit_selection: z.boolean().optional(),
});

export const PreloadSchema = z.strictObject({
  tools: z.union([z.literal('all'), slugList]).optional(),
});

export const PERMISSION_DEFAULTS = ['allow_all', 'ask_every_call', 'ask_once_per_session'] as const;
export const PERMISSION_RULES = ['always_allow', 'always_deny', 'ask_once', 'ask_always'] as const;
/** `TOOL_SLUG:ca_xxx`, `TOOL_SLUG:__none__` or `*:ca_xxx`. */
export const PERMISSION_KEY_PATTERN = /^(\*|[A-Z0-9_]{1,60}):(ca_[A-Za-z0-9_-]+|__none__)$/;

export const PermissionsSchema = z.strictObject({
  default: z.enum(PERMISSION_DEFAULTS).optional(),
  overrides: z
    .record(z.string().regex(PERMISSION_KEY_PATTERN, 'keys look like "TOOL_SLUG:ca_id", "TOOL_SLUG:__none__" or "*:ca_id"'), z.enum(PERMISSION_RULES))
    .optional(),
});

/** Custom tool slugs as the caller writes them; the server prefixes LOCAL_ (and the toolkit). */
export const CUSTOM_SLUG_PATTERN = /^[A-Za-z0-9_-]+$/;

const customSlug = z
  .string()
  .min(1)
  .max(60)
  .regex(CUSTOM_SLUG_PATTERN, 'may only contain letters, digits, "_" and "-"')
  .refine((s) => !/^(LOCAL_|COMPOSIO_)/i.test(s), {
    message: 'must not start with LOCAL_ or COMPOSIO_ (the server adds the LOCAL_ prefix itself)',
  });

const customInputSchema = InputSchemaSchema.refine((s) => s.properties !== undefined, {
  message: 'must have "properties" (use {} for a tool without arguments)',
});

export const CUSTOM_NAME_MAX = 128;
export const CUSTOM_DESCRIPTION_MAX = 4_096;

const customToolFields = {
  slug: customSlug,
  name: z.string().min(1).max(CUSTOM_NAME_MAX),
  description: z.string().min(1, 'must not be empty').max(CUSTOM_DESCRIPTION_MAX),
  input_schema: customInputSchema,
  output_schema: z.record(z.string(), z.unknown()).optional(),
  preload: z.boolean().optional(),
};

export const CustomToolSchema = z.strictObject({
  ...customToolFields,
  /** Slug of a catalog toolkit whose connection this tool uses. */
  extends_toolkit: z.string().min(1).optional(),
});
export type CustomTool = z.infer<typeof CustomToolSchema>;

export const CustomToolkitSchema = z.strictObject({
  slug: customSlug,
  name: z.string().min(1).max(CUSTOM_NAME_MAX),
  description: z.string().min(1, 'must not be empty').max(CUSTOM_DESCRIPTION_MAX),
  preload: z.boolean().optional(),
  tools: z.array(z.strictObject(customToolFields)).min(1).max(500),
});
export type CustomToolkit = z.infer<typeof CustomToolkitSchema>;

/** A custom tool as responses echo it: `slug` with the LOCAL_ prefix the server gave it, `original_slug` as sent. */
export interface CustomToolEcho {
  slug: string;
  original_slug: string;
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  output_schema?: Record<string, unknown>;
  extends_toolkit?: string;
}

/** A custom toolkit as responses echo it. */
export interface CustomToolkitEcho {
  slug: string;
  name: string;
  description: string;
  tools: CustomToolEcho[];
}

export const AssistivePromptConfigSchema = z.strictObject({
  user_timezone: z.string().refine(isIanaTimezone, 'must be an IANA time zone name such as "Europe/Berlin"').optional(),
});

export const ExperimentalSchema = z.strictObject({
  permissions: PermissionsSchema.optional(),
  custom_tools: z.array(CustomToolSchema).max(500).optional(),
  custom_toolkits: z.array(CustomToolkitSchema).max(100).optional(),
  assistive_prompt_config: AssistivePromptConfigSchema.optional(),
  link_url_overwrite: browserUrl.optional(),
});

/**
 * Key of a record keyed by toolkit slug. Unknown slugs are reported later against the catalog (with
 * a "did you mean"); names every object already has are refused here. (`__proto__` never reaches
 * this schema: the body reader refuses it first, since zod would drop it silently.)
 */
const toolkitKey = z
  .string()
  .min(1)
  .refine((key) => !RESERVED_OBJECT_KEYS.has(key), `${RESERVED_KEY_MESSAGE} and is not a toolkit slug`);

/** The pin that always means "whatever version the server has loaded". */
export const LATEST_VERSION = 'latest';

/**
 * Toolkit version pins, as the reference's clients send them: one version for every toolkit
 * (usually "latest") or a map from toolkit slug to version. Unknown toolkits and versions are
 * reported later against the catalog.
 */
export const ToolkitVersionsSchema = z.union([z.string().min(1).max(64), z.record(toolkitKey, z.string().min(1).max(64))]);
export type ToolkitVersions = z.infer<typeof ToolkitVersionsSchema>;

/** The version a toolkit is pinned to by a session's `toolkit_versions`; "latest" when none. */
export function pinnedVersion(pins: ToolkitVersions | undefined, toolkit: string): string {
  if (pins === undefined) return LATEST_VERSION;
  if (typeof pins === 'string') return pins;
  return Object.hasOwn(pins, toolkit) ? pins[toolkit]! : LATEST_VERSION;
}

/** Which execute hooks of the operator's webhook this session's app-tool calls go through. */
export const SessionHooksSchema = z.strictObject({
  before_execute: z.boolean().optional(),
  after_execute: z.boolean().optional(),
});

const sessionFields = {
  toolkits: ToolkitFilterSchema.optional(),
  tools: z.record(toolkitKey, ToolFilterSchema).optional(),
  tags: TagFilterSchema.optional(),
  auth_configs: z.record(toolkitKey, z.string().regex(/^ac_[A-Za-z0-9_-]+$/, 'must be an auth config id (ac_…)')).optional(),
  connected_accounts: z
    .record(
      toolkitKey,
      z.preprocess(
        (v) => (typeof v === 'string' ? [v] : v),
        z
          .array(z.string().regex(/^ca_[A-Za-z0-9_-]+$/, 'must be a connected account id (ca_…)'))
          .min(1)
          .max(10),
      ),
    )
    .optional(),
  manage_connections: ManageConnectionsSchema.optional(),
  multi_account: MultiAccountSchema.optional(),
  workbench: WorkbenchSchema.optional(),
  preload: PreloadSchema.optional(),
  search: z.strictObject({ enable: z.boolean().optional() }).optional(),
  execute: z.strictObject({ enable_multi_execute: z.boolean().optional() }).optional(),
  experimental: ExperimentalSchema.optional(),
  toolkit_versions: ToolkitVersionsSchema.optional(),
  hooks: SessionHooksSchema.optional(),
};

/** Body of `POST /tool_router/session`. */
export const SessionCreateSchema = z.strictObject({
  user_id: z.string().min(1, 'must not be empty').max(256),
  ...sessionFields,
});
export type SessionCreate = z.infer<typeof SessionCreateSchema>;

/** The stored, canonical configuration of a session (create body, after normalisation). */
export type SessionConfig = SessionCreate;

/**
 * Body of `PATCH /tool_router/session/{id}`: only the keys present change. `null` clears the
 * optional blocks that have a meaningful "unset" state.
 */
export const SessionPatchSchema = z.strictObject({
  // Named so that a caller who tries gets the reason, not "unknown field".
  user_id: z.never({ error: 'cannot be changed: a session acts for one user; create a new session for another user' }).optional(),
  toolkits: ToolkitFilterSchema.nullable().optional(),
  tools: sessionFields.tools.nullable(),
  tags: TagFilterSchema.nullable().optional(),
  auth_configs: sessionFields.auth_configs.nullable(),
  connected_accounts: sessionFields.connected_accounts.nullable(),
  manage_connections: ManageConnectionsSchema.nullable().optional(),
  multi_account: MultiAccountSchema.nullable().optional(),
  workbench: WorkbenchSchema.nullable().optional(),
  preload: PreloadSchema.nullable().optional(),
  search: sessionFields.search.nullable(),
  execute: sessionFields.execute.nullable(),
  experimental: ExperimentalSchema.nullable().optional(),
  toolkit_versions: ToolkitVersionsSchema.nullable().optional(),
  hooks: SessionHooksSchema.nullable().optional(),
  /** Optimistic concurrency: refuse the update if the stored version differs. */
  expected_config_version: z.number().int().positive().optional(),
});
export type SessionPatch = z.infer<typeof SessionPatchSchema>;

/** Body of `POST /tool_router/session/{id}/attach`: re-supply inline custom tools. */
export const SessionAttachSchema = z.strictObject({
  experimental: z
    .strictObject({
      custom_tools: ExperimentalSchema.shape.custom_tools,
      custom_toolkits: ExperimentalSchema.shape.custom_toolkits,
    })
    .optional(),
});

function isIanaTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
