import type { HintTag, PERMISSION_DEFAULTS, PERMISSION_RULES, SANDBOX_SIZES } from '@toolrouter/core';
import type { CustomTool, CustomToolkit } from '../custom-tools/create-tool.js';

/**
 * Session configuration as SDK users write it (camelCase). `toSessionCreateBody` turns it into the
 * wire body; the server validates it and answers with typed errors naming each bad field.
 */

export type TagFilterInput = HintTag[] | { enable?: HintTag[]; disable?: HintTag[] };
/** A list means "only these"; or say `{ enable }` / `{ disable }` explicitly. */
export type ToolkitFilterInput = string[] | { enable: string[] } | { disable: string[] };
export type ToolFilterInput = string[] | { enable: string[] } | { disable: string[] } | { tags: TagFilterInput };
export type SandboxSize = (typeof SANDBOX_SIZES)[number];
export type PermissionDefault = (typeof PERMISSION_DEFAULTS)[number];
export type PermissionRule = (typeof PERMISSION_RULES)[number];

/** Ready-made configurations. */
export const SessionPreset = {
  /**
   * The app tools themselves instead of meta-tools: every allowed tool is preloaded, and search,
   * multi-execute, connection management and the workbench are off. Needs a `toolkits` list.
   */
  DIRECT_TOOLS: 'direct_tools',
} as const;
export type SessionPreset = (typeof SessionPreset)[keyof typeof SessionPreset];

export interface ManageConnectionsInput {
  enable?: boolean;
  /** Where the end user lands after connecting an account. */
  callbackUrl?: string;
  /** Offer COMPOSIO_WAIT_FOR_CONNECTIONS to the agent. */
  waitForConnections?: boolean;
  enableConnectionRemoval?: boolean;
}

export interface WorkbenchInput {
  enable?: boolean;
  enableProxyExecution?: boolean;
  autoOffloadThreshold?: number;
  sandboxSize?: SandboxSize;
}

export interface MultiAccountInput {
  enable?: boolean;
  /** 2 to 10. */
  maxAccountsPerToolkit?: number;
  requireExplicitSelection?: boolean;
}

export interface PermissionsInput {
  default?: PermissionDefault;
  /** Keys `TOOL_SLUG:ca_id`, `TOOL_SLUG:__none__` or `*:ca_id`. */
  overrides?: Record<string, PermissionRule>;
}

export interface ExperimentalInput {
  permissions?: PermissionsInput;
  /** Local tools (see `createTool`), run in this process when the agent calls them. */
  customTools?: readonly CustomTool[];
  customToolkits?: readonly CustomToolkit[];
  assistivePrompt?: { userTimezone?: string };
  /** Origin used in Connect Links instead of the server's. */
  linkUrlOverwrite?: string;
}

export interface SessionConfigInput {
  /** Which toolkits the agent may use; all the project can see when left out. */
  toolkits?: ToolkitFilterInput;
  /** Per-toolkit tool lists or tag filters, e.g. `{ github: ['GITHUB_CREATE_AN_ISSUE'] }`. */
  tools?: Record<string, ToolFilterInput>;
  /** MCP hint tags every tool must (not) carry, e.g. `['readOnlyHint']`. */
  tags?: TagFilterInput;
  /** App tools listed in `session.tools()` next to the meta-tools (`'all'` needs a toolkits list). */
  preload?: { tools?: string[] | 'all' };
  manageConnections?: boolean | ManageConnectionsInput;
  /** Auth config per toolkit, e.g. `{ github: 'ac_…' }`. */
  authConfigs?: Record<string, string>;
  /** Connected account(s) per toolkit, e.g. `{ gmail: 'ca_…' }`. */
  connectedAccounts?: Record<string, string | string[]>;
  multiAccount?: MultiAccountInput;
  workbench?: boolean | WorkbenchInput;
  search?: { enable?: boolean };
  execute?: { enableMultiExecute?: boolean };
  preset?: SessionPreset;
  experimental?: ExperimentalInput;
}

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** `session.update(…)`: only the keys given change; `null` resets a block to its default. */
export type SessionUpdateInput = Nullable<Omit<SessionConfigInput, 'preset' | 'experimental'>> & {
  experimental?: Omit<ExperimentalInput, 'customTools' | 'customToolkits'> | null;
  /** Refuse the update (SessionVersionConflictError) if the session changed since this version. */
  expectedConfigVersion?: number;
};
