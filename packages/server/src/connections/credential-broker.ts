import { ToolRouterError } from '@toolrouter/core';
import type { HotReads } from '../cache/hot-reads.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { AccountRow, AuthConfigRow, Store } from '../store/store.js';
import { selectAccount } from './account-selector.js';
import { openCredentials } from './account-vault.js';
import type { StoredCredentials } from './auth-schemes.js';
import { appliedAuth, needsAuth, schemeFor } from './auth-schemes.js';
import type { CallCredentials, CredentialBroker, CredentialRequest } from './credentials.js';
import { storedTenantValues } from './tenant.js';
import type { TokenRefresher } from './token-refresher.js';
import type { Sealer } from './vault/sealer.js';

/**
 * The real broker: session precedence, fresh tokens, single-flight renewal after a 401.
 *
 * With `hot` (the instance's HotReads), a call's reads come from memory: the user's accounts for
 * the toolkit, the auth config and the opened credentials, each kept at most 15 s and dropped on
 * every account or auth-config write (HotStore announces them all). A renewal after a 401 always
 * reads the store.
 */
export class AccountCredentialBroker implements CredentialBroker {
  readonly #reads: { accounts: Pick<Store['accounts'], 'forUser'> };

  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogService,
    private readonly sealer: Sealer,
    private readonly refresher: TokenRefresher,
    private readonly hot?: HotReads,
  ) {
    const forUser = (projectId: string, userId: string, toolkit?: string) =>
      hot
        ? hot.accounts
            .load(`${projectId}\0${userId}\0${toolkit ?? ''}`, () => store.accounts.forUser(projectId, userId, toolkit))
            .then((rows) => [...(rows ?? [])])
        : store.accounts.forUser(projectId, userId, toolkit);
    this.#reads = { accounts: { forUser } };
  }

  async credentialsFor(request: CredentialRequest): Promise<CallCredentials> {
    const { toolkit, session } = request;
    if (!needsAuth(toolkit)) return { connectedAccountId: null, auth: { mode: 'NO_AUTH' } };
    const selected = await selectAccount(this.#reads, {
      projectId: request.projectId,
      userId: session.user_id,
      config: session.config,
      toolkit,
      account: request.account,
    });
    const account = await this.refresher.fresh(selected);
    return this.#credentials(account);
  }

  async renewAfterUnauthorized(projectId: string, rejected: CallCredentials): Promise<CallCredentials | undefined> {
    if (!rejected.connectedAccountId) return undefined;
    const account = await this.store.accounts.get(projectId, rejected.connectedAccountId);
    if (account?.status !== 'ACTIVE') return undefined;
    const current = await this.#credentials(account);
    // Someone renewed since this call read its token: use theirs rather than refreshing again.
    if (JSON.stringify(current.auth) !== JSON.stringify(rejected.auth)) return current;
    if (current.auth.mode !== 'OAUTH2') return undefined;
    const renewed = await this.refresher.refresh(account);
    if (renewed.status !== 'ACTIVE') return undefined;
    return this.#credentials(renewed);
  }

  async #credentials(account: AccountRow): Promise<CallCredentials> {
    if (account.status !== 'ACTIVE') {
      throw new ToolRouterError(
        'NO_ACTIVE_CONNECTION',
        `The ${account.toolkit_slug} account ${account.id} is ${account.status}${account.status_reason ? ` (${account.status_reason})` : ''}`,
        {
          suggestedFix: `Reconnect it: call COMPOSIO_MANAGE_CONNECTIONS with toolkits ["${account.toolkit_slug}"] and reinitiate_all true.`,
        },
      );
    }
    const [config, view] = await Promise.all([this.#authConfig(account), this.catalog.viewForCall(account.project_id)]);
    const toolkit = view.toolkit(account.toolkit_slug)?.toolkit;
    const scheme = config && toolkit ? schemeFor(toolkit, config.auth_scheme) : undefined;
    const creds = this.#opened(account);
    if (!scheme || !creds) {
      throw new ToolRouterError('NO_ACTIVE_CONNECTION', `The ${account.toolkit_slug} account ${account.id} has no usable credentials`, {
        suggestedFix: `Reconnect ${account.toolkit_slug} with COMPOSIO_MANAGE_CONNECTIONS.`,
      });
    }
    return { connectedAccountId: account.id, auth: appliedAuth(scheme, creds), tenant: storedTenantValues(account.public_state) };
  }

  #authConfig(account: AccountRow): Promise<AuthConfigRow | undefined> {
    const read = () => this.store.authConfigs.get(account.project_id, account.auth_config_id);
    return this.hot ? this.hot.authConfigs.load(`${account.project_id}\0${account.auth_config_id}`, read) : read();
  }

  /** Opens the sealed credentials, or reuses what was opened for this very row object. */
  #opened(account: AccountRow): StoredCredentials | undefined {
    if (!this.hot) return openCredentials(this.sealer, account);
    const key = `${account.project_id}\0${account.id}`;
    const kept = this.hot.openedCredentials.get(key);
    if (kept?.row === account) return kept.creds;
    const creds = openCredentials(this.sealer, account);
    // Only rows the accounts cache handed out (frozen) are worth keeping for: a row read anew is another object.
    if (Object.isFrozen(account)) this.hot.openedCredentials.set(key, { row: account, creds });
    return creds;
  }
}
