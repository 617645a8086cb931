import type { HintTag } from '@toolrouter/core';
import type { WireSession, WireSessionConfig } from './wire-types.js';

type Filter = { enable: string[] } | { disable: string[] };
type TagFilter = { enable?: HintTag[]; disable?: HintTag[] };

/**
 * The session's stored configuration with every effective default, spelled like the input
 * (`enable` / `disable`, camelCase), so what you set is what you read back.
 */
export interface SessionConfigView {
  userId: string;
  toolkits?: Filter;
  tools?: Record<string, Filter | { tags: TagFilter }>;
  tags?: TagFilter;
  authConfigs?: Record<string, string>;
  connectedAccounts?: Record<string, string[]>;
  manageConnections: { enable: boolean; callbackUrl?: string; waitForConnections: boolean; enableConnectionRemoval: boolean };
  multiAccount: { enable: boolean; maxAccountsPerToolkit: number; requireExplicitSelection: boolean };
  workbench: { enable: boolean; enableProxyExecution: boolean; autoOffloadThreshold?: number; sandboxSize?: string };
  preload: { tools: string[] | 'all' };
  search: { enable: boolean };
  execute: { enableMultiExecute: boolean };
  experimental: {
    permissions?: { default?: string; overrides?: Record<string, string> };
    assistivePrompt?: { userTimezone?: string };
    linkUrlOverwrite?: string;
  };
}

export interface SessionWarning {
  code: string;
  message: string;
}

export interface SessionMcpConfig {
  type: 'http' | 'sse';
  url: string;
  /** Headers an MCP client must send; carries the project API key. */
  headers: Record<string, string>;
}

/** What every session endpoint answers, in SDK form. */
export interface SessionState {
  sessionId: string;
  userId: string;
  config: SessionConfigView;
  configVersion: number;
  /** Meta-tools the session offers. */
  metaTools: string[];
  /** System-prompt text that explains the meta-tools to a model. */
  assistivePrompt: string | undefined;
  warnings: SessionWarning[];
  mcpType: 'http' | 'sse';
  mcpUrl: string;
}

function filter(f: { enabled?: string[]; disabled?: string[] } | undefined): Filter | undefined {
  if (!f) return undefined;
  return f.enabled ? { enable: f.enabled } : { disable: f.disabled ?? [] };
}

function tagFilter(f: { enabled?: string[]; disabled?: string[] } | undefined): TagFilter {
  return {
    ...(f?.enabled ? { enable: f.enabled as HintTag[] } : {}),
    ...(f?.disabled ? { disable: f.disabled as HintTag[] } : {}),
  };
}

export function configView(c: WireSessionConfig): SessionConfigView {
  const mc = c.manage_connections ?? {};
  const ma = c.multi_account ?? {};
  const wb = c.workbench ?? {};
  const ex = c.experimental ?? {};
  const toolkits = filter(c.toolkits);
  return {
    userId: c.user_id,
    ...(toolkits ? { toolkits } : {}),
    ...(c.tools
      ? {
          tools: Object.fromEntries(Object.entries(c.tools).map(([tk, f]) => [tk, f.tags ? { tags: tagFilter(f.tags) } : filter(f)!])),
        }
      : {}),
    ...(c.tags ? { tags: tagFilter(c.tags) } : {}),
    ...(c.auth_configs ? { authConfigs: c.auth_configs } : {}),
    ...(c.connected_accounts ? { connectedAccounts: c.connected_accounts } : {}),
    manageConnections: {
      enable: mc.enabled !== false,
      ...(mc.callback_url ? { callbackUrl: mc.callback_url } : {}),
      waitForConnections: mc.enable_wait_for_connections === true,
      enableConnectionRemoval: mc.enable_connection_removal === true,
    },
    multiAccount: {
      enable: ma.enabled === true,
      maxAccountsPerToolkit: ma.max_accounts_per_toolkit ?? 5,
      requireExplicitSelection: ma.require_explicit_selection ?? ma.enabled === true,
    },
    workbench: {
      enable: wb.enable !== false,
      enableProxyExecution: wb.proxy_execution_enabled !== false,
      ...(wb.auto_offload_threshold !== undefined ? { autoOffloadThreshold: wb.auto_offload_threshold } : {}),
      ...(wb.sandbox_size ? { sandboxSize: wb.sandbox_size } : {}),
    },
    preload: { tools: c.preload?.tools ?? [] },
    search: { enable: c.search?.enable !== false },
    execute: { enableMultiExecute: c.execute?.enable_multi_execute !== false },
    experimental: {
      ...(ex.permissions ? { permissions: ex.permissions } : {}),
      ...(ex.assistive_prompt_config
        ? { assistivePrompt: { ...(ex.assistive_prompt_config.user_timezone ? { userTimezone: ex.assistive_prompt_config.user_timezone } : {}) } }
        : {}),
      ...(ex.link_url_overwrite ? { linkUrlOverwrite: ex.link_url_overwrite } : {}),
    },
  };
}

export function sessionState(w: WireSession): SessionState {
  return {
    sessionId: w.session_id,
    userId: w.config.user_id,
    config: configView(w.config),
    configVersion: w.config_version,
    metaTools: w.tool_router_tools ?? [],
    assistivePrompt: w.experimental?.assistive_prompt,
    warnings: w.warnings ?? [],
    mcpType: w.mcp.type,
    mcpUrl: w.mcp.url,
  };
}
