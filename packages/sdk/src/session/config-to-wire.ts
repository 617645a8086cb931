import type { SessionCreate } from '@toolrouter/core';
import type { InlineCustoms } from '../custom-tools/local-registry.js';
import { checkSessionConfigKeys } from './config-keys.js';
import type {
  ExperimentalInput,
  ManageConnectionsInput,
  SessionConfigInput,
  SessionUpdateInput,
  TagFilterInput,
  ToolFilterInput,
  ToolkitFilterInput,
  WorkbenchInput,
} from './session-config.js';

type Wire = Record<string, unknown>;
type Nullable<T> = { [K in keyof T]?: T[K] | null };
const defined = (o: Wire): Wire => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const toolkits = (f: ToolkitFilterInput) => (Array.isArray(f) ? { enable: [...f] } : f);
const tags = (f: TagFilterInput) => (Array.isArray(f) ? { enable: [...f] } : f);
const toolFilter = (f: ToolFilterInput) => (Array.isArray(f) ? { enable: [...f] } : 'tags' in f ? { tags: tags(f.tags) } : f);

function manageConnections(v: boolean | ManageConnectionsInput) {
  if (typeof v === 'boolean') return { enable: v };
  return defined({
    enable: v.enable,
    callback_url: v.callbackUrl,
    enable_wait_for_connections: v.waitForConnections,
    enable_connection_removal: v.enableConnectionRemoval,
  });
}

function workbench(v: boolean | WorkbenchInput) {
  if (typeof v === 'boolean') return { enable: v };
  return defined({
    enable: v.enable,
    enable_proxy_execution: v.enableProxyExecution,
    auto_offload_threshold: v.autoOffloadThreshold,
    sandbox_size: v.sandboxSize,
  });
}

function experimental(v: Omit<ExperimentalInput, 'customTools' | 'customToolkits'>, customs: InlineCustoms | undefined) {
  const out = defined({
    permissions: v.permissions,
    assistive_prompt_config: v.assistivePrompt ? defined({ user_timezone: v.assistivePrompt.userTimezone }) : undefined,
    link_url_overwrite: v.linkUrlOverwrite,
    ...customs,
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Settings shared by create and update, for the keys that are present. */
function fields(c: Nullable<SessionConfigInput>): Wire {
  const map = <T, R>(v: T | null | undefined, f: (v: T) => R) => (v === undefined ? undefined : v === null ? null : f(v));
  return defined({
    toolkits: map(c.toolkits, toolkits),
    tools: map(c.tools, (t) => Object.fromEntries(Object.entries(t).map(([tk, f]) => [tk, toolFilter(f)]))),
    tags: map(c.tags, tags),
    preload: map(c.preload, (p) => ({ ...p })),
    manage_connections: map(c.manageConnections, manageConnections),
    auth_configs: c.authConfigs,
    connected_accounts: map(c.connectedAccounts, (ca) =>
      Object.fromEntries(Object.entries(ca).map(([tk, ids]) => [tk, typeof ids === 'string' ? [ids] : [...ids]])),
    ),
    multi_account: map(c.multiAccount, (m) =>
      defined({ enable: m.enable, max_accounts_per_toolkit: m.maxAccountsPerToolkit, require_explicit_selection: m.requireExplicitSelection }),
    ),
    workbench: map(c.workbench, workbench),
    search: map(c.search, (s) => ({ ...s })),
    execute: map(c.execute, (e) => defined({ enable_multi_execute: e.enableMultiExecute })),
  });
}

/** What the DIRECT_TOOLS preset sets, unless the config says otherwise. */
const DIRECT_TOOLS_DEFAULTS: SessionConfigInput = {
  manageConnections: false,
  workbench: false,
  preload: { tools: 'all' },
  search: { enable: false },
  execute: { enableMultiExecute: false },
};

/** Body of `POST /tool_router/session`. */
export function toSessionCreateBody(userId: string, config: SessionConfigInput, customs: InlineCustoms | undefined): SessionCreate {
  checkSessionConfigKeys(config, 'create');
  const withPreset = config.preset === 'direct_tools' ? { ...DIRECT_TOOLS_DEFAULTS, ...config } : config;
  const { customTools: _t, customToolkits: _k, ...rest } = config.experimental ?? {};
  const exp = experimental(rest, customs);
  return { user_id: userId, ...fields(withPreset), ...(exp ? { experimental: exp } : {}) } as SessionCreate;
}

/** Body of `PATCH /tool_router/session/{id}`. */
export function toSessionPatchBody(update: SessionUpdateInput): Wire {
  checkSessionConfigKeys(update, 'update');
  const { experimental: exp, expectedConfigVersion, ...rest } = update;
  return defined({
    ...fields(rest),
    experimental: exp === undefined ? undefined : exp === null ? null : (experimental(exp, undefined) ?? {}),
    expected_config_version: expectedConfigVersion,
  });
}
