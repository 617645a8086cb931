import { type SessionConfig, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { AccountRepo, AccountRow } from '../store/store.js';

/**
 * Which of the user's accounts a call runs as. Candidates, by the session precedence:
 *  1. the accounts the session names in `connected_accounts` for the toolkit;
 *  2. else the user's accounts on the auth config the session names in `auth_configs`;
 *  3. else all of the user's accounts for the toolkit.
 * Only accounts of the session's user in the session's project are ever candidates. Among the
 * usable (ACTIVE, enabled) ones: the one the caller named (id or alias); else the only one; else,
 * when multi_account requires explicit selection, an error listing the choices; else the most
 * recently connected.
 */
export async function selectAccount(
  store: { accounts: Pick<AccountRepo, 'forUser'> },
  p: { projectId: string; userId: string; config: SessionConfig; toolkit: Toolkit; account?: string | undefined },
): Promise<AccountRow> {
  const { toolkit, config } = p;
  const own = await store.accounts.forUser(p.projectId, p.userId, toolkit.slug);
  const pinned = config.connected_accounts?.[toolkit.slug];
  const chosenConfig = config.auth_configs?.[toolkit.slug];
  let candidates: AccountRow[];
  if (pinned && pinned.length > 0) {
    candidates = own.filter((a) => pinned.includes(a.id));
    if (candidates.length === 0) {
      throw noConnection(toolkit, `The session names ${pinned.join(', ')} for "${toolkit.slug}", but none of them is an account of this user for this toolkit`);
    }
  } else if (chosenConfig) {
    candidates = own.filter((a) => a.auth_config_id === chosenConfig);
  } else {
    candidates = own;
  }

  if (p.account) {
    const named = candidates.find((a) => a.id === p.account) ?? candidates.find((a) => a.alias === p.account);
    if (!named) {
      throw new ToolRouterError('NO_ACTIVE_CONNECTION', `No ${toolkit.slug} account "${p.account}" for this user in this session`, {
        suggestedFix: choices(candidates) ? `Use one of: ${choices(candidates)}.` : `Connect ${toolkit.name} first (COMPOSIO_MANAGE_CONNECTIONS).`,
      });
    }
    if (!isUsable(named)) throw unusable(toolkit, named);
    return named;
  }

  const usable = candidates.filter(isUsable);
  if (usable.length === 1) return usable[0]!;
  if (usable.length === 0) {
    const broken = candidates.find((a) => a.status === 'EXPIRED' || a.status === 'FAILED' || a.status === 'REVOKED');
    if (broken) throw unusable(toolkit, broken);
    throw noConnection(toolkit, `No active connected account for toolkit "${toolkit.slug}"`);
  }
  const multi = config.multi_account;
  if (multi?.enable && multi.require_explicit_selection !== false) {
    throw new ToolRouterError('ACCOUNT_SELECTION_REQUIRED', `This user has ${usable.length} ${toolkit.name} accounts; name the one to use`, {
      suggestedFix: `Pass "account" with one of: ${choices(usable)}.`,
      errors: usable.map((a) => `account: ${a.id}${a.alias ? ` (alias "${a.alias}")` : ''}`),
    });
  }
  return usable[0]!; // most recently connected first
}

export function isUsable(account: AccountRow): boolean {
  return account.status === 'ACTIVE' && !account.is_disabled;
}

function choices(accounts: readonly AccountRow[]): string {
  return accounts.map((a) => (a.alias ? `${a.id} ("${a.alias}", ${a.status})` : `${a.id} (${a.status})`)).join(', ');
}

function unusable(toolkit: Toolkit, account: AccountRow): ToolRouterError {
  const why = account.is_disabled ? 'is disabled' : `is ${account.status}${account.status_reason ? ` (${account.status_reason})` : ''}`;
  return new ToolRouterError('NO_ACTIVE_CONNECTION', `The ${toolkit.name} account ${account.id} ${why}`, {
    suggestedFix: `Reconnect it: call COMPOSIO_MANAGE_CONNECTIONS with toolkits ["${toolkit.slug}"] and reinitiate_all true, and have the user open the returned link.`,
  });
}

function noConnection(toolkit: Toolkit, message: string): ToolRouterError {
  return new ToolRouterError('NO_ACTIVE_CONNECTION', message, {
    suggestedFix: `Connect ${toolkit.name} for this user: call COMPOSIO_MANAGE_CONNECTIONS with toolkits ["${toolkit.slug}"] (or POST …/session/{id}/link) and have the user open the link.`,
  });
}
