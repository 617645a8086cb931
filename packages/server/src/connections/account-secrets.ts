import type { Logger } from 'pino';
import type { CatalogService } from '../catalog/catalog-service.js';
import { secretValues } from '../execution/backends/http-request.js';
import type { AccountRow, AuthConfigRow, Store } from '../store/store.js';
import { openCredentials } from './account-vault.js';
import type { AuthConfigService } from './auth-config-service.js';
import { appliedAuth, formFields, type StoredCredentials, schemeFor } from './auth-schemes.js';
import type { Sealer } from './vault/sealer.js';

/**
 * Every secret value a user's accounts carry, so that the execution log can scrub them wherever
 * they turn up. A log entry may aggregate the results of several calls (a multi-execute parent,
 * a workbench run), made with any of the user's accounts, so the whole set is returned rather
 * than the secrets of one call.
 */
export interface SecretSource {
  forUser(projectId: string, userId: string): Promise<string[]>;
}

export class AccountSecrets implements SecretSource {
  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogService,
    private readonly sealer: Sealer,
    private readonly configs: AuthConfigService,
    private readonly log?: Logger,
  ) {}

  async forUser(projectId: string, userId: string): Promise<string[]> {
    const accounts = await this.store.accounts.forUser(projectId, userId);
    if (accounts.length === 0) return [];
    const view = await this.catalog.viewForCall(projectId);
    const configIds = [...new Set(accounts.map((a) => a.auth_config_id))];
    const configs = new Map<string, AuthConfigRow | undefined>(
      await Promise.all(configIds.map(async (id) => [id, await this.store.authConfigs.get(projectId, id)] as const)),
    );
    const out = new Set<string>();
    for (const config of configs.values()) {
      if (config) for (const value of this.#safely(config.id, () => [this.configs.clientSecret(config) ?? ''])) out.add(value);
    }
    for (const account of accounts) {
      const config = configs.get(account.auth_config_id);
      const toolkit = view.toolkit(account.toolkit_slug)?.toolkit;
      const scheme = config && toolkit ? schemeFor(toolkit, config.auth_scheme) : undefined;
      for (const value of this.#safely(account.id, () => accountSecrets(this.sealer, account, scheme))) out.add(value);
    }
    out.delete('');
    return [...out];
  }

  /** One unreadable row (e.g. sealed under an older key) must not hide the others' secrets. */
  #safely(id: string, read: () => string[]): string[] {
    try {
      return read();
    } catch (err) {
      this.log?.warn({ err, id }, 'a stored secret could not be opened for log scrubbing');
      return [];
    }
  }
}

/** Every value of one account's credentials that is a secret, plus the forms it takes on the wire. */
function accountSecrets(sealer: Sealer, account: AccountRow, scheme: ReturnType<typeof schemeFor>): string[] {
  const creds = openCredentials(sealer, account);
  if (!creds) return [];
  const values = storedSecrets(creds, scheme);
  // The applied form adds what only exists on the wire: a prefixed key, a Basic header's base64.
  if (scheme && scheme.mode !== 'NO_AUTH' && !(scheme.mode === 'OAUTH2' && creds.kind === 'fields')) values.push(...secretValues(appliedAuth(scheme, creds)));
  return values;
}

export function storedSecrets(creds: StoredCredentials, scheme: ReturnType<typeof schemeFor>): string[] {
  if (creds.kind === 'oauth2') return [creds.access_token, creds.refresh_token ?? ''];
  // Fields the toolkit marks as not secret (a username, a region) stay readable; unknown ones are scrubbed.
  const fields = scheme && scheme.mode !== 'NO_AUTH' && scheme.mode !== 'OAUTH2' ? formFields(scheme) : [];
  return Object.entries(creds.values)
    .filter(([name]) => fields.find((f) => f.name === name)?.secret !== false)
    .map(([, value]) => value);
}
