import { type ConnectionStatus, type SessionConfig, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { AccountFilter, AccountRow, AuthConfigRow, SessionRow, Store } from '../store/store.js';
import { announce } from './account-changes.js';
import { isUsable } from './account-selector.js';
import type { AuthConfigService } from './auth-config-service.js';
import { needsAuth } from './auth-schemes.js';
import type { ConnectionStatusSource, ToolkitConnectionState } from './connection-status.js';
import { type LinkService, linkNotAllowed, type NewLink, PENDING_LINK_KEY } from './link-service.js';
import { pickTenantValues, storedTenantValues } from './tenant.js';
import type { TokenRefresher } from './token-refresher.js';

const DEFAULT_MAX_ACCOUNTS = 5;

/**
 * Connected accounts as the API and the meta-tools see them: listing, rendering, links for a
 * session (with the session's precedence and multi-account limits), and connection states.
 */
export class ConnectionService implements ConnectionStatusSource {
  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogService,
    private readonly configs: AuthConfigService,
    private readonly links: LinkService,
    private readonly refresher: TokenRefresher,
  ) {}

  async get(projectId: string, id: string): Promise<AccountRow> {
    const account = await this.store.accounts.get(projectId, id);
    if (!account) throw accountNotFound(id);
    return account;
  }

  managedSchemes(toolkit: Toolkit): string[] {
    return this.configs.managedSchemes(toolkit);
  }

  authConfig(projectId: string, id: string) {
    return this.store.authConfigs.get(projectId, id);
  }

  events(projectId: string, id: string) {
    return this.store.accounts.events(projectId, id);
  }

  list(projectId: string, filter: AccountFilter) {
    return this.store.accounts.list(projectId, filter);
  }

  async delete(projectId: string, id: string): Promise<void> {
    const deleted = await this.store.accounts.delete(projectId, id);
    if (!deleted) throw accountNotFound(id);
    await announce(this.store.changes, deleted, 'DELETED');
  }

  async patch(projectId: string, id: string, change: { alias?: string | null; is_disabled?: boolean }): Promise<AccountRow> {
    const account = await this.get(projectId, id);
    if (change.alias) await this.#checkAlias(projectId, account.user_id, account.toolkit_slug, change.alias, id);
    // Disabling parks a working account as INACTIVE; enabling brings it back if it was only parked.
    const status =
      change.is_disabled === true && account.status === 'ACTIVE'
        ? { status: 'INACTIVE' as const, status_reason: 'Disabled through the API' }
        : change.is_disabled === false && account.status === 'INACTIVE' && account.sealed_credentials
          ? { status: 'ACTIVE' as const, status_reason: null }
          : {};
    const updated = await this.store.accounts.update(projectId, id, { ...change, ...status }, { type: 'updated', detail: Object.keys(change).join(', ') });
    if (!updated) throw accountNotFound(id);
    if (status.status) await announce(this.store.changes, updated);
    return updated;
  }

  /**
   * `POST /connected_accounts/{id}/refresh`: renews an active OAuth2 token now; any other account
   * gets a fresh link to reconnect with (same account id).
   */
  async refreshAccount(projectId: string, id: string, origin: string): Promise<{ id: string; status: ConnectionStatus; redirect_url: string | null }> {
    const account = await this.get(projectId, id);
    const config = await this.configs.get(projectId, account.auth_config_id);
    if (account.status === 'ACTIVE' && config.auth_scheme === 'OAUTH2') {
      const refreshed = await this.refresher.refresh(account);
      return { id, status: refreshed.status, redirect_url: null };
    }
    const toolkit = await this.#toolkit(projectId, account.toolkit_slug);
    const link = await this.links.create({ projectId, userId: account.user_id, toolkit, config, origin, existing: account });
    return { id, status: account.status === 'ACTIVE' ? 'ACTIVE' : 'INITIATED', redirect_url: link.redirect_url };
  }

  /** `POST …/session/{id}/link` and COMPOSIO_MANAGE_CONNECTIONS. */
  async linkForSession(
    projectId: string,
    session: SessionRow,
    toolkitSlug: string,
    p: { origin: string; callbackUrl?: string | undefined; alias?: string | undefined; reconnect?: boolean },
  ): Promise<NewLink & { auth_config_id: string; reused: boolean }> {
    const toolkit = await this.#toolkit(projectId, toolkitSlug);
    if (!needsAuth(toolkit)) throw linkNotAllowed(toolkit);
    const config = session.config;
    const own = await this.store.accounts.forUser(projectId, session.user_id, toolkit.slug);
    const pinned = config.connected_accounts?.[toolkit.slug];
    const authConfig = pinned?.length
      ? await this.#configOfPinned(projectId, own, pinned, toolkit, config)
      : await this.configs.forConnection(projectId, toolkit, config);
    if (p.alias) await this.#checkAlias(projectId, session.user_id, toolkit.slug, p.alias);

    const multi = config.multi_account?.enable === true;
    const onConfig = own.filter((a) => a.auth_config_id === authConfig.id && (!pinned?.length || pinned.includes(a.id)));
    // Without multi-account, a reconnect (or a repeated link) reuses the account that is not
    // working, so its id, which sessions may pin, stays the same.
    const reusable = p.reconnect ? onConfig[0] : multi ? undefined : onConfig.find((a) => !isUsable(a));
    if (!reusable && multi) {
      const max = config.multi_account?.max_accounts_per_toolkit ?? DEFAULT_MAX_ACCOUNTS;
      const active = own.filter(isUsable).length;
      if (active >= max) {
        throw new ToolRouterError(
          'CONNECTION_LIMIT_REACHED',
          `This user already has ${active} ${toolkit.name} accounts, the most this session allows (${max})`,
          {
            suggestedFix: 'Remove an account (DELETE /api/v3.1/connected_accounts/{id}) or raise multi_account.max_accounts_per_toolkit.',
          },
        );
      }
    }
    const link = await this.links.create({
      projectId,
      userId: session.user_id,
      toolkit,
      config: authConfig,
      origin: p.origin,
      sessionId: session.id,
      callbackUrl: p.callbackUrl ?? config.manage_connections?.callback_url,
      alias: p.alias,
      ...(reusable ? { existing: reusable } : {}),
    });
    if (reusable && p.alias && reusable.alias !== p.alias) await this.store.accounts.update(projectId, reusable.id, { alias: p.alias });
    return { ...link, auth_config_id: authConfig.id, reused: reusable !== undefined };
  }

  /** `POST /connected_accounts/link`: a link for a user on a named auth config. */
  async linkForUser(
    projectId: string,
    p: {
      authConfigId: string;
      userId: string;
      callbackUrl?: string | undefined;
      alias?: string | undefined;
      origin: string;
      /** What the caller sent that may hold tenant values, and where it sent it (for error messages). */
      tenantInput?: { values: Record<string, unknown>; at: string } | undefined;
    },
  ): Promise<NewLink> {
    const config = await this.configs.get(projectId, p.authConfigId);
    const toolkit = await this.#toolkit(projectId, config.toolkit_slug);
    if (!needsAuth(toolkit) || config.auth_scheme === 'NO_AUTH') throw linkNotAllowed(toolkit);
    // Checked before anything is created: a hostile value is refused with the field it came in.
    const tenant = p.tenantInput ? pickTenantValues(toolkit, p.tenantInput.values, p.tenantInput.at) : {};
    if (p.alias) await this.#checkAlias(projectId, p.userId, toolkit.slug, p.alias);
    return this.links.create({ projectId, userId: p.userId, toolkit, config, origin: p.origin, callbackUrl: p.callbackUrl, alias: p.alias, tenant });
  }

  /** The account GET …/toolkits and the meta-tools show for a toolkit: the default one, else the newest. */
  async accountsByToolkit(projectId: string, userId: string): Promise<Map<string, AccountRow[]>> {
    return byToolkit(await this.store.accounts.forUser(projectId, userId));
  }

  async states(projectId: string, userId: string, toolkits: readonly Toolkit[]): Promise<Map<string, ToolkitConnectionState>> {
    return connectionStates(toolkits, await this.store.accounts.forUser(projectId, userId));
  }

  /** The account object of the API (`GET /connected_accounts/{id}`); never contains a secret. */
  async render(account: AccountRow, configs?: Map<string, AuthConfigRow>) {
    const config = configs?.get(account.auth_config_id) ?? (await this.store.authConfigs.get(account.project_id, account.auth_config_id));
    const scheme = config?.auth_scheme ?? 'NO_AUTH';
    const { [PENDING_LINK_KEY]: _sealed, tenant: _tenant, ...rest } = account.public_state;
    // Tenant values show flat, where the reference's clients put them (state.val.subdomain).
    const shown = { ...rest, ...storedTenantValues(account.public_state) };
    // A waiting account shows where the user connects it, as the reference's state.val.redirectUrl.
    const redirectUrl = this.links.pendingRedirectUrl(account);
    return {
      id: account.id,
      alias: account.alias,
      word_id: null,
      user_id: account.user_id,
      status: account.status,
      status_reason: account.status_reason,
      is_disabled: account.is_disabled,
      created_at: account.created_at,
      updated_at: account.updated_at,
      toolkit: { slug: account.toolkit_slug },
      auth_config: {
        id: account.auth_config_id,
        auth_scheme: scheme,
        is_composio_managed: config?.is_managed ?? false,
        is_disabled: config?.status === 'DISABLED',
      },
      data: shown,
      params: {},
      state: { authScheme: scheme, val: { status: account.status, ...shown, ...(redirectUrl ? { redirectUrl } : {}) } },
      experimental: { account_type: 'PRIVATE' },
    };
  }

  async renderMany(projectId: string, accounts: AccountRow[]) {
    const ids = [...new Set(accounts.map((a) => a.auth_config_id))];
    const rows = await Promise.all(ids.map((id) => this.store.authConfigs.get(projectId, id)));
    const configs = new Map(rows.filter((r): r is AuthConfigRow => !!r).map((r) => [r.id, r]));
    return Promise.all(accounts.map((a) => this.render(a, configs)));
  }

  async #toolkit(projectId: string, slug: string): Promise<Toolkit> {
    return (await this.catalog.view(projectId)).requireToolkit(slug).toolkit;
  }

  async #configOfPinned(projectId: string, own: AccountRow[], pinned: string[], toolkit: Toolkit, config: SessionConfig): Promise<AuthConfigRow> {
    const first = own.find((a) => pinned.includes(a.id));
    if (!first) {
      throw new ToolRouterError('NO_ACTIVE_CONNECTION', `The session pins ${pinned.join(', ')} for "${toolkit.slug}", but none is an account of this user`, {
        suggestedFix: 'Fix connected_accounts in the session, or remove it to let the router create a new connection.',
      });
    }
    return (await this.store.authConfigs.get(projectId, first.auth_config_id)) ?? this.configs.forConnection(projectId, toolkit, config);
  }

  async #checkAlias(projectId: string, userId: string, toolkit: string, alias: string, except?: string): Promise<void> {
    const taken = (await this.store.accounts.forUser(projectId, userId, toolkit)).find((a) => a.alias === alias && a.id !== except);
    if (taken) {
      throw new ToolRouterError('VALIDATION_FAILED', `alias: "${alias}" is already used by ${taken.id} for this user and toolkit`, {
        errors: [`alias: "${alias}" is already used by ${taken.id}`],
        suggestedFix: 'Choose another alias, or reconnect that account.',
      });
    }
  }
}

/** Connection state of one toolkit for one user, with a reconnect hint when it broke. */
/** A user's accounts (in the order read) by toolkit. */
function byToolkit(accounts: readonly AccountRow[]): Map<string, AccountRow[]> {
  const out = new Map<string, AccountRow[]>();
  for (const a of accounts) {
    const list = out.get(a.toolkit_slug);
    if (list) list.push(a);
    else out.set(a.toolkit_slug, [a]);
  }
  return out;
}

/** The state of each of `toolkits` for a user with `accounts` (all of the user's, as `forUser` reads them). */
export function connectionStates(toolkits: readonly Toolkit[], accounts: readonly AccountRow[]): Map<string, ToolkitConnectionState> {
  const grouped = byToolkit(accounts);
  return new Map(toolkits.map((tk) => [tk.slug, stateOf(tk, grouped.get(tk.slug) ?? [])]));
}

export function stateOf(toolkit: Toolkit, accounts: readonly AccountRow[]): ToolkitConnectionState {
  const base = { toolkit: toolkit.slug, accounts: accounts.map(brief) };
  if (!needsAuth(toolkit))
    return { ...base, has_active_connection: true, needs_auth: false, status: 'NO_AUTH', status_message: `${toolkit.name} needs no connection.` };
  const active = accounts.find(isUsable);
  if (active) {
    return {
      ...base,
      has_active_connection: true,
      needs_auth: true,
      status: 'ACTIVE',
      account: brief(active),
      status_message: `${toolkit.name} is connected (${active.alias ? `"${active.alias}", ` : ''}${active.id}).`,
    };
  }
  const latest = accounts[0];
  const reconnect = `call COMPOSIO_MANAGE_CONNECTIONS with toolkits ["${toolkit.slug}"] and reinitiate_all true, and give the user the returned link`;
  if (!latest) {
    return {
      ...base,
      has_active_connection: false,
      needs_auth: true,
      status: 'NOT_CONNECTED',
      status_message: `${toolkit.name} is not connected for this user yet; connect it with COMPOSIO_MANAGE_CONNECTIONS before running its tools.`,
    };
  }
  const reason = latest.status_reason ? ` (${latest.status_reason})` : '';
  const message: Record<string, string> = {
    EXPIRED: `The ${toolkit.name} connection expired${reason}. To reconnect, ${reconnect}.`,
    FAILED: `Connecting ${toolkit.name} failed${reason}. To try again, ${reconnect}.`,
    REVOKED: `The ${toolkit.name} connection was revoked${reason}. To reconnect, ${reconnect}.`,
    INITIATED: `${toolkit.name} is waiting for the user to finish connecting through the link already issued.`,
    INITIALIZING: `${toolkit.name} is waiting for the user to finish connecting through the link already issued.`,
    INACTIVE: `The ${toolkit.name} connection is turned off${reason}. To reconnect, ${reconnect}.`,
  };
  return {
    ...base,
    has_active_connection: false,
    needs_auth: true,
    status: latest.is_disabled ? 'INACTIVE' : latest.status,
    account: brief(latest),
    status_message: latest.is_disabled
      ? `The ${toolkit.name} account ${latest.id} is disabled; enable it or ${reconnect}.`
      : (message[latest.status] ?? `${toolkit.name} is not connected.`),
  };
}

function brief(a: AccountRow) {
  return { id: a.id, status: a.status, alias: a.alias, status_reason: a.status_reason, created_at: a.created_at, auth_config_id: a.auth_config_id };
}

export function accountNotFound(id: string): ToolRouterError {
  return new ToolRouterError('CONNECTED_ACCOUNT_NOT_FOUND', `No connected account "${id}" in this project`, {
    suggestedFix: 'List accounts with GET /api/v3.1/connected_accounts; an account of another project is not visible with this key.',
  });
}
