import { isToolRouterError, type Toolkit } from '@toolrouter/core';
import { isUsable } from '../../connections/account-selector.js';
import { needsAuth } from '../../connections/auth-schemes.js';
import { linkOrigin } from '../../connections/link-origin.js';
import { toolkitPasses } from '../../sessions/allowed-tools.js';
import type { LoadedSession } from '../../sessions/session-service.js';
import type { AccountRow } from '../../store/store.js';
import { type ConnectionToolDeps, sessionInfo } from './connection-tool-deps.js';

type Action = 'add' | 'list' | 'rename' | 'remove';
type Entry = string | { name: string; action?: Action; account_id?: string; alias?: string };

export interface ManageConnectionsArgs {
  toolkits: Entry[];
  reinitiate_all?: boolean;
  session_id?: string;
}

interface ToolkitResult {
  toolkit: string;
  status: 'active' | 'initiated' | 'failed';
  has_active_connection: boolean;
  connected_account_id: string | null;
  auth_config_id: string | null;
  redirect_url: string | null;
  created_at: string | null;
  current_user_info: Record<string, unknown> | null;
  instruction: string | null;
  error_message: string | null;
  was_reinitiated: boolean | null;
  account_type: 'PRIVATE';
  accounts: Array<{ id: string; status: string; alias: string | null; is_default: boolean }>;
}

/**
 * COMPOSIO_MANAGE_CONNECTIONS: per toolkit, report the connection, or hand out a Connect Link when
 * there is none (or when asked to start over). Object entries add, list, rename or remove
 * accounts; removal needs `manage_connections.enable_connection_removal`.
 */
/** `requestOrigin`: the origin the caller reached this server on, for the Connect Links made here (link-origin.ts). */
export async function manageConnections(
  deps: ConnectionToolDeps,
  projectId: string,
  loaded: LoadedSession,
  args: ManageConnectionsArgs,
  requestOrigin: string | undefined,
) {
  const { row: session, view } = loaded;
  const results: Record<string, ToolkitResult> = {};
  for (const entry of args.toolkits) {
    const spec = typeof entry === 'string' ? { name: entry } : entry;
    const slug = spec.name.trim().toLowerCase();
    const toolkit = view.toolkit(slug)?.toolkit;
    if (!toolkit || !toolkitPasses(slug, session.config)) {
      results[slug] = failed(
        slug,
        toolkit
          ? `${slug} is not enabled in this session.`
          : `There is no toolkit "${slug}"${view.suggestToolkit(slug) ? `; did you mean "${view.suggestToolkit(slug)}"?` : '.'}`,
      );
      continue;
    }
    try {
      results[slug] = await manageOne(deps, projectId, loaded, toolkit, spec.action ?? 'add', spec, args.reinitiate_all === true, requestOrigin);
    } catch (error) {
      if (!isToolRouterError(error)) throw error;
      results[slug] = failed(slug, `${error.message}${error.suggestedFix ? ` ${error.suggestedFix}` : ''}`);
    }
  }
  const all = Object.values(results);
  const summary = {
    total_toolkits: all.length,
    active_connections: all.filter((r) => r.status === 'active').length,
    initiated_connections: all.filter((r) => r.status === 'initiated').length,
    failed_connections: all.filter((r) => r.status === 'failed').length,
  };
  const initiated = all.filter((r) => r.status === 'initiated');
  const message =
    initiated.length > 0
      ? `Give the user ${initiated.length === 1 ? 'this link' : 'these links'} to connect: ${initiated.map((r) => `${r.toolkit}: ${r.redirect_url}`).join(' ; ')}. Continue once they have connected.`
      : summary.failed_connections > 0
        ? `${summary.failed_connections} of ${summary.total_toolkits} toolkits could not be handled; see error_message.`
        : 'Every requested toolkit is connected.';
  const info = sessionInfo(args.session_id);
  return {
    data: { message, results, summary, ...(info ? { session: info } : {}) },
    error: summary.failed_connections > 0 ? `${summary.failed_connections} out of ${summary.total_toolkits} toolkits failed` : null,
  };
}

async function manageOne(
  deps: ConnectionToolDeps,
  projectId: string,
  loaded: LoadedSession,
  toolkit: Toolkit,
  action: Action,
  spec: { account_id?: string; alias?: string },
  reinitiate: boolean,
  requestOrigin: string | undefined,
): Promise<ToolkitResult> {
  const session = loaded.row;
  const slug = toolkit.slug;
  if (!needsAuth(toolkit)) return { ...report(slug, [], true), instruction: `${toolkit.name} needs no connection; run its tools directly.` };
  let accounts = (await deps.accounts.accountsByToolkit(projectId, session.user_id)).get(slug) ?? [];
  const named = () => accounts.find((a) => a.id === spec.account_id) ?? (spec.alias ? accounts.find((a) => a.alias === spec.alias) : undefined);

  if (action === 'list') return report(slug, accounts);
  if (action === 'remove' || action === 'rename') {
    const target = named();
    if (!target) return failed(slug, `Name the account to ${action} with account_id (one of: ${accounts.map((a) => a.id).join(', ') || 'none'}).`);
    if (action === 'remove') {
      if (session.config.manage_connections?.enable_connection_removal !== true) {
        return failed(slug, 'Removing connections is not enabled in this session (manage_connections.enable_connection_removal).');
      }
      await deps.accounts.delete(projectId, target.id);
      accounts = accounts.filter((a) => a.id !== target.id);
      return { ...report(slug, accounts), instruction: `Removed ${target.id}.` };
    }
    if (!spec.alias) return failed(slug, 'Give the new alias in "alias".');
    await deps.accounts.patch(projectId, target.id, { alias: spec.alias });
    return report(slug, (await deps.accounts.accountsByToolkit(projectId, session.user_id)).get(slug) ?? []);
  }

  const wantsAnother = action === 'add' && spec.alias !== undefined && session.config.multi_account?.enable === true;
  if (accounts.some(isUsable) && !reinitiate && !wantsAnother) return report(slug, accounts);
  const origin = session.config.experimental?.link_url_overwrite?.replace(/\/+$/, '') ?? linkOrigin(deps.publicUrl, requestOrigin);
  const link = await deps.accounts.linkForSession(projectId, session, slug, {
    origin,
    alias: spec.alias,
    reconnect: reinitiate && !wantsAnother,
  });
  return {
    ...report(slug, accounts),
    status: 'initiated',
    has_active_connection: accounts.some(isUsable),
    connected_account_id: link.connected_account_id,
    auth_config_id: link.auth_config_id,
    redirect_url: link.redirect_url,
    instruction: `Ask the user to open ${link.redirect_url} to connect ${toolkit.name}; the link expires at ${link.expires_at}.`,
    // The report above describes the state before this link; a fresh link is not an error.
    error_message: null,
    was_reinitiated: link.reused,
  };
}

function report(slug: string, accounts: AccountRow[], noAuth = false): ToolkitResult {
  const active = accounts.find(isUsable);
  const shown = active ?? accounts[0];
  return {
    toolkit: slug,
    status: noAuth || active ? 'active' : shown?.status === 'INITIATED' ? 'initiated' : 'failed',
    has_active_connection: noAuth || active !== undefined,
    connected_account_id: shown?.id ?? null,
    auth_config_id: shown?.auth_config_id ?? null,
    redirect_url: null,
    created_at: shown?.created_at ?? null,
    current_user_info: null,
    instruction: null,
    error_message:
      noAuth || active || shown?.status === 'INITIATED'
        ? null
        : shown
          ? `The latest account is ${shown.status}${shown.status_reason ? `: ${shown.status_reason}` : ''}. Call again with reinitiate_all true to reconnect.`
          : 'Not connected yet; call again with action "add" (or a plain toolkit name) to get a link.',
    was_reinitiated: null,
    account_type: 'PRIVATE',
    accounts: accounts.map((a) => ({ id: a.id, status: a.status, alias: a.alias, is_default: a === active })),
  };
}

function failed(slug: string, message: string): ToolkitResult {
  return { ...report(slug, []), status: 'failed', error_message: message };
}
