import type { Toolkit } from '@toolrouter/core';
import { waitForAccountChange } from '../../connections/account-changes.js';
import type { ToolkitConnectionState } from '../../connections/connection-status.js';
import type { LoadedSession } from '../../sessions/session-service.js';
import type { Store } from '../../store/store.js';
import { type ConnectionToolDeps, sessionInfo } from './connection-tool-deps.js';

export interface WaitForConnectionsArgs {
  toolkits: string[];
  mode?: 'any' | 'all';
  timeout_seconds?: number;
  session_id?: string;
}

const DEFAULT_WAIT_MS = 60_000;

/**
 * COMPOSIO_WAIT_FOR_CONNECTIONS: returns when one (mode "any") or every ("all") toolkit is
 * connected, or when the bounded wait ends. It reads the state once, then sleeps until an account
 * of this user changes: the OAuth callback or form submission announces it on the store's change
 * feed, which reaches every instance on the database. There is no polling loop per request.
 */
export async function waitForConnections(deps: ConnectionToolDeps & { store: Store }, projectId: string, loaded: LoadedSession, args: WaitForConnectionsArgs) {
  const { row: session, view } = loaded;
  const mode = args.mode ?? 'any';
  const slugs = [...new Set(args.toolkits.map((t) => t.trim().toLowerCase()))];
  const toolkits = slugs.map((s) => view.toolkit(s)?.toolkit).filter((t): t is Toolkit => t !== undefined);
  const limit = deps.maxWaitMs ?? 120_000;
  const timeoutMs = Math.min(limit, args.timeout_seconds !== undefined ? args.timeout_seconds * 1000 : DEFAULT_WAIT_MS);

  const check = async () => {
    const states = await deps.accounts.states(projectId, session.user_id, toolkits);
    const connected = toolkits.filter((t) => states.get(t.slug)?.has_active_connection);
    const done = toolkits.length > 0 && (mode === 'all' ? connected.length === toolkits.length : connected.length > 0);
    return { states, done };
  };
  const started = Date.now();
  await waitForAccountChange(deps.store.changes, {
    timeoutMs: toolkits.length === 0 ? 0 : timeoutMs,
    ready: async () => ((await check()).done ? true : undefined),
    matches: async (c) => {
      if (c.project_id !== projectId || c.user_id !== session.user_id || !slugs.includes(c.toolkit)) return undefined;
      return (await check()).done ? true : undefined;
    },
  });
  const { states, done } = await check();
  const results = Object.fromEntries(slugs.map((slug) => [slug, resultFor(slug, states.get(slug))]));
  const waited = Math.round((Date.now() - started) / 1000);
  const info = sessionInfo(args.session_id);
  return {
    data: {
      message: done
        ? `${mode === 'all' ? 'All requested toolkits are' : 'A requested toolkit is'} connected.`
        : `Stopped waiting after ${waited} s; ${mode === 'all' ? 'not every toolkit is' : 'no toolkit is'} connected yet. Check the links with the user and wait again if they are still connecting.`,
      results,
      ...(info ? { session: info } : {}),
    },
    error: null,
  };
}

function resultFor(slug: string, state: ToolkitConnectionState | undefined) {
  if (!state) {
    return {
      toolkit: slug,
      status: 'NOT_FOUND',
      has_active_connection: false,
      connected_account_id: null,
      auth_config_id: null,
      created_at: null,
      current_user_info: null,
      error_message: `No toolkit "${slug}".`,
    };
  }
  const account = state.account;
  const status = state.has_active_connection ? 'ACTIVE' : account?.status === 'INITIATED' ? 'INITIATED' : account ? 'FAILED' : 'NOT_FOUND';
  return {
    toolkit: slug,
    status,
    has_active_connection: state.has_active_connection,
    connected_account_id: account?.id ?? null,
    auth_config_id: account?.auth_config_id ?? null,
    created_at: account?.created_at ?? null,
    current_user_info: null,
    error_message: status === 'FAILED' || status === 'NOT_FOUND' ? state.status_message : null,
  };
}
