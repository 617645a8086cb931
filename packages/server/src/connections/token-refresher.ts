import { randomBytes } from 'node:crypto';
import { ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { AccountRow, Store } from '../store/store.js';
import { announce, waitForAccountChange } from './account-changes.js';
import { openCredentials, sealCredentials } from './account-vault.js';
import type { AuthConfigService } from './auth-config-service.js';
import { type OAuth2Scheme, publicView, type StoredCredentials, schemeFor } from './auth-schemes.js';
import { type OAuthClient, OAuthError, type TokenSet } from './oauth2/oauth-client.js';
import { appForTenant, storedTenantValues, tenantState } from './tenant.js';
import type { Sealer } from './vault/sealer.js';

export interface RefresherDeps {
  store: Store;
  catalog: CatalogService;
  configs: AuthConfigService;
  sealer: Sealer;
  oauth: OAuthClient;
  now: () => Date;
  /** Refresh this long before expiry (default 2 minutes). */
  refreshAheadMs?: number;
  /** How long one instance may hold an account's refresh lease (default 30 s). */
  leaseMs?: number;
}

/**
 * Renews OAuth2 tokens, once per account however many callers need it at the same moment:
 * - within a process, concurrent callers share one promise;
 * - across processes, a lease row in the database (compare-and-swap on the account's
 *   refresh_version) lets exactly one instance call the provider; the others wait for its
 *   account change on the store's change feed and read the new tokens.
 * A rotated refresh token is written together with the new access token in one row update.
 * `invalid_grant` (revoked or expired grant) marks the account EXPIRED with the reason.
 */
export class TokenRefresher {
  readonly #inflight = new Map<string, Promise<AccountRow>>();
  readonly #owner = `inst_${randomBytes(8).toString('hex')}`;
  readonly #aheadMs: number;
  readonly #leaseMs: number;

  constructor(private readonly deps: RefresherDeps) {
    this.#aheadMs = deps.refreshAheadMs ?? 120_000;
    this.#leaseMs = deps.leaseMs ?? 30_000;
  }

  isDue(account: AccountRow): boolean {
    return account.expires_at !== null && Date.parse(account.expires_at) - this.deps.now().getTime() <= this.#aheadMs;
  }

  /** The account with credentials good for now, refreshed first when at or near expiry. */
  async fresh(account: AccountRow): Promise<AccountRow> {
    return this.isDue(account) ? this.refresh(account) : account;
  }

  /**
   * Refreshes unless someone already did since `seen` was read. Resolves with the account as it
   * is afterwards (check its status: EXPIRED when the provider refused the grant).
   */
  refresh(seen: AccountRow): Promise<AccountRow> {
    const running = this.#inflight.get(seen.id);
    if (running) return running;
    const job = this.#refreshShared(seen).finally(() => this.#inflight.delete(seen.id));
    this.#inflight.set(seen.id, job);
    return job;
  }

  async #refreshShared(seen: AccountRow): Promise<AccountRow> {
    const { store } = this.deps;
    const deadline = Date.now() + this.#leaseMs + 5_000;
    for (;;) {
      const current = await store.accounts.get(seen.project_id, seen.id);
      if (!current) throw new ToolRouterError('CONNECTED_ACCOUNT_NOT_FOUND', `Connected account "${seen.id}" no longer exists`);
      if (current.refresh_version !== seen.refresh_version || current.status !== 'ACTIVE') return current;
      const at = this.deps.now();
      if (
        await store.accounts.acquireLease(
          current.id,
          current.refresh_version,
          this.#owner,
          new Date(at.getTime() + this.#leaseMs).toISOString(),
          at.toISOString(),
        )
      ) {
        return this.#refreshHolding(current);
      }
      if (Date.now() > deadline) {
        throw new ToolRouterError('CONNECTION_REFRESH_FAILED', `Timed out waiting for another server instance to refresh "${seen.id}"`, {
          suggestedFix: 'Retry the call.',
        });
      }
      // Another instance holds the lease: wake on its account change, or re-check after a short while in
      // case that instance died (its lease then runs out).
      await waitForAccountChange(store.changes, {
        timeoutMs: 500,
        matches: (c) => (c.account_id === seen.id && (c.version !== seen.refresh_version || c.status !== 'ACTIVE') ? true : undefined),
      });
    }
  }

  async #refreshHolding(account: AccountRow): Promise<AccountRow> {
    const { store, sealer } = this.deps;
    let tokens: TokenSet;
    let previous: StoredCredentials | undefined;
    try {
      const config = await store.authConfigs.get(account.project_id, account.auth_config_id);
      const toolkit = (await this.deps.catalog.view(account.project_id)).toolkit(account.toolkit_slug)?.toolkit;
      const scheme = toolkit && config ? schemeFor(toolkit, config.auth_scheme) : undefined;
      if (!config || !scheme || scheme.mode !== 'OAUTH2') throw new OAuthError('the account is not an OAuth2 connection any more', 'not_oauth2', true);
      const app = appForTenant(this.deps.configs.oauthApp(config, scheme as OAuth2Scheme), toolkit!, storedTenantValues(account.public_state));
      previous = openCredentials(sealer, account);
      if (this.deps.configs.grantOf(config) === 'client_credentials') {
        tokens = await this.deps.oauth.clientCredentials(app);
      } else {
        const refreshToken = previous?.kind === 'oauth2' ? previous.refresh_token : undefined;
        if (!refreshToken) throw new OAuthError('the access token expired and the provider issued no refresh token', 'no_refresh_token', true);
        tokens = await this.deps.oauth.refresh(app, refreshToken);
      }
    } catch (error) {
      return this.#failed(account, error);
    }
    const creds: StoredCredentials = {
      kind: 'oauth2',
      access_token: tokens.access_token,
      ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
      token_type: tokens.token_type,
      ...(tokens.scope ? { scope: tokens.scope } : {}),
    };
    const rotated = previous?.kind === 'oauth2' && tokens.refresh_token !== undefined && tokens.refresh_token !== previous.refresh_token;
    const updated = await store.accounts.completeRefresh(
      account.id,
      this.#owner,
      {
        sealed_credentials: sealCredentials(sealer, account, creds),
        public_state: {
          ...publicView({ mode: 'OAUTH2' } as OAuth2Scheme, creds),
          expires_at: tokens.expires_at ?? null,
          ...tenantState(storedTenantValues(account.public_state)),
        },
        expires_at: tokens.expires_at ?? null,
      },
      { type: 'refreshed', ...(rotated ? { detail: 'refresh token rotated' } : {}) },
    );
    // Our lease ran out and another instance took over: its result is the one that counts.
    const result = updated ?? (await store.accounts.get(account.project_id, account.id));
    if (!result) throw new ToolRouterError('CONNECTED_ACCOUNT_NOT_FOUND', `Connected account "${account.id}" no longer exists`);
    if (updated) await announce(store.changes, updated);
    return result;
  }

  async #failed(account: AccountRow, error: unknown): Promise<AccountRow> {
    const { store } = this.deps;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof OAuthError && error.permanent) {
      const reason = `Refresh failed: ${message}. The user must reconnect.`;
      await store.accounts.releaseLease(account.id, this.#owner, { status: 'EXPIRED', status_reason: reason }, [
        { type: 'refresh_failed', detail: message },
        { type: 'expired', detail: message },
      ]);
      const expired = (await store.accounts.get(account.project_id, account.id)) ?? { ...account, status: 'EXPIRED' as const, status_reason: reason };
      await announce(store.changes, expired);
      return expired;
    }
    await store.accounts.releaseLease(account.id, this.#owner, undefined, { type: 'refresh_failed', detail: message });
    if (error instanceof ToolRouterError) throw error;
    throw new ToolRouterError('CONNECTION_REFRESH_FAILED', `Could not refresh the ${account.toolkit_slug} token of "${account.id}": ${message}`, {
      suggestedFix: 'This is usually temporary; retry shortly.',
      cause: error,
    });
  }
}
