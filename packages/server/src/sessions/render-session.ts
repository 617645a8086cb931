import type { SessionConfig, TagFilter } from '@toolrouter/core';
import type { SessionRow } from '../store/store.js';
import { assistivePrompt } from './assistive-prompt.js';
import { renderCustomToolkits, renderCustomTools } from './custom-tools.js';
import { enabledMetaTools } from './meta-tools-for.js';
import type { SessionWarning } from './validate-config.js';

/** Defaults applied when a session leaves a setting out. */
export const SESSION_DEFAULTS = {
  autoOffloadThreshold: 20_000,
  sandboxSize: 'standard',
  maxAccountsPerToolkit: 5,
} as const;

/**
 * The session as every session endpoint returns it. Requests say `enable`/`disable`; the echoed
 * config uses `enabled`/`disabled` (the reference client's response spelling) and shows the
 * effective value of each setting, defaults included.
 */
export function renderSession(
  row: SessionRow,
  opts: { origin: string; now: Date; warnings?: SessionWarning[]; customs?: Pick<SessionConfig, 'experimental'> },
) {
  const config = row.config;
  const meta = enabledMetaTools(config);
  // Custom tools given on this request (attach, search, execute) take precedence over stored ones.
  const customSource = opts.customs?.experimental ?? config.experimental;
  return {
    session_id: row.id,
    mcp: { type: 'http' as const, url: `${opts.origin}/tool_router/${row.id}/mcp` },
    config: renderConfig(config),
    config_version: row.config_version,
    tool_router_tools: meta,
    created_at: row.created_at,
    updated_at: row.updated_at,
    experimental: {
      assistive_prompt: assistivePrompt(config, meta, opts.now),
      custom_tools: renderCustomTools(customSource?.custom_tools),
      custom_toolkits: renderCustomToolkits(customSource?.custom_toolkits),
    },
    ...(opts.warnings && opts.warnings.length > 0 ? { warnings: opts.warnings } : {}),
  };
}

const pastTense = (f: TagFilter) => ({
  ...(f.enable ? { enabled: f.enable } : {}),
  ...(f.disable ? { disabled: f.disable } : {}),
  ...(f.require_approval ? { require_approval: f.require_approval } : {}),
});

export function renderConfig(config: SessionConfig) {
  const mc = config.manage_connections;
  const wb = config.workbench;
  const ma = config.multi_account;
  const multiOn = ma?.enable === true;
  return {
    user_id: config.user_id,
    ...(config.toolkits ? { toolkits: config.toolkits.enable ? { enabled: config.toolkits.enable } : { disabled: config.toolkits.disable ?? [] } } : {}),
    ...(config.tools
      ? {
          tools: Object.fromEntries(
            Object.entries(config.tools).map(([tk, f]) => [
              tk,
              f.enable ? { enabled: f.enable } : f.disable ? { disabled: f.disable } : { tags: pastTense(f.tags ?? {}) },
            ]),
          ),
        }
      : {}),
    ...(config.tags ? { tags: pastTense(config.tags) } : {}),
    ...(config.auth_configs ? { auth_configs: config.auth_configs } : {}),
    ...(config.connected_accounts ? { connected_accounts: config.connected_accounts } : {}),
    manage_connections: {
      enabled: mc?.enable !== false,
      ...(mc?.callback_url ? { callback_url: mc.callback_url } : {}),
      enable_wait_for_connections: mc?.enable_wait_for_connections === true,
      enable_connection_removal: mc?.enable_connection_removal === true,
    },
    multi_account: {
      enabled: multiOn,
      max_accounts_per_toolkit: ma?.max_accounts_per_toolkit ?? SESSION_DEFAULTS.maxAccountsPerToolkit,
      require_explicit_selection: ma?.require_explicit_selection ?? multiOn,
    },
    workbench: {
      enable: wb?.enable !== false,
      proxy_execution_enabled: wb?.enable_proxy_execution !== false,
      auto_offload_threshold: wb?.auto_offload_threshold ?? SESSION_DEFAULTS.autoOffloadThreshold,
      sandbox_size: wb?.sandbox_size ?? SESSION_DEFAULTS.sandboxSize,
    },
    ...(config.toolkit_versions !== undefined ? { toolkit_versions: config.toolkit_versions } : {}),
    preload: { tools: config.preload?.tools ?? [] },
    ...(config.hooks ? { hooks: { before_execute: config.hooks.before_execute === true, after_execute: config.hooks.after_execute === true } } : {}),
    search: { enable: config.search?.enable !== false },
    execute: { enable_multi_execute: config.execute?.enable_multi_execute !== false },
    experimental: {
      ...(config.experimental?.permissions ? { permissions: config.experimental.permissions } : {}),
      ...(config.experimental?.assistive_prompt_config ? { assistive_prompt_config: config.experimental.assistive_prompt_config } : {}),
      ...(config.experimental?.link_url_overwrite ? { link_url_overwrite: config.experimental.link_url_overwrite } : {}),
    },
  };
}
