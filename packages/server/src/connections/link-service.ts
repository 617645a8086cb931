import { type AuthField, type TenantField, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import { digest, newId, randomToken } from '../ids.js';
import type { AccountRow, AuthConfigRow, ConnectLinkRow, Store } from '../store/store.js';
import { announce } from './account-changes.js';
import { sealCredentials } from './account-vault.js';
import type { AuthConfigService } from './auth-config-service.js';
import { type FormScheme, formFields, type OAuth2Scheme, publicView, type StoredCredentials, schemeFor } from './auth-schemes.js';
import { authorizeUrl, type OAuthApp, type OAuthClient, type TokenSet } from './oauth2/oauth-client.js';
import { pkcePair } from './oauth2/pkce.js';
import { appForTenant, pickTenantValues, storedTenantValues, tenantOriginSource, tenantState } from './tenant.js';
import { discoverTenantValues, tenantFieldsToAsk } from './tenant-discovery.js';
import type { Sealer } from './vault/sealer.js';

export interface LinkDeps {
  store: Store;
  catalog: CatalogService;
  configs: AuthConfigService;
  sealer: Sealer;
  oauth: OAuthClient;
  now: () => Date;
  linkTtlSeconds: number;
}

export interface NewLink {
  link_token: string;
  redirect_url: string;
  connected_account_id: string;
  expires_at: string;
}

/** What the hosted page should do next. */
export type LinkOutcome =
  | { kind: 'redirect'; url: string }
  | {
      kind: 'form';
      toolkit: Toolkit;
      fields: AuthField[];
      csrf: string;
      problems: string[];
      callbackUrl: string | null;
      /** Where the form's submission may lead besides our origin (the provider of an OAuth2 tenant form). */
      formTargets?: string[];
    }
  | { kind: 'done'; toolkit: string; accountId: string; callbackUrl: string | null }
  | { kind: 'error'; status: 400 | 403 | 404 | 410; title: string; message: string; callbackUrl?: string | null; accountId?: string };

const STATE_TTL_MS = 15 * 60_000;
/** The key of an account's public state holding its sealed link URL; never shown as it is. */
export const PENDING_LINK_KEY = 'sealed_link_url';
const pendingLinkContext = (accountId: string) => `pending_link:${accountId}`;
const MAX_FIELD_LENGTH = 4_096;

/**
 * Connect Links: a one-time, expiring URL on our own origin that takes an end user through
 * connecting one account. OAuth2 goes to the provider with a state bound to the link and to the
 * browser that opened it, plus PKCE; other schemes get a small server-rendered form.
 */
export class LinkService {
  constructor(private readonly deps: LinkDeps) {}

  /** Creates an INITIATED account (or re-links `existing`) and its link. */
  async create(p: {
    projectId: string;
    userId: string;
    toolkit: Toolkit;
    config: AuthConfigRow;
    origin: string;
    sessionId?: string;
    callbackUrl?: string | undefined;
    alias?: string | undefined;
    existing?: AccountRow;
    /** Tenant values the caller already gave (checked by pickTenantValues); the page asks for the rest. */
    tenant?: Record<string, string>;
  }): Promise<NewLink> {
    const { store, sealer } = this.deps;
    const token = randomToken('lt_', 24);
    const redirectUrl = `${p.origin}/link/${token}`;
    let account: AccountRow;
    const tenant = p.tenant ?? {};
    if (p.existing) {
      const given = Object.keys(tenant).length > 0;
      const withTenant = given
        ? { public_state: { ...p.existing.public_state, ...tenantState({ ...storedTenantValues(p.existing.public_state), ...tenant }) } }
        : {};
      // A live account keeps working until the new connection replaces its credentials.
      account =
        p.existing.status === 'ACTIVE'
          ? given
            ? ((await store.accounts.update(p.projectId, p.existing.id, withTenant)) ?? p.existing)
            : p.existing
          : (await store.accounts.update(
              p.projectId,
              p.existing.id,
              { status: 'INITIATED', status_reason: null, ...withTenant },
              { type: 'initiated', detail: 'reconnect' },
            ))!;
    } else {
      const id = newId('ca');
      account = await store.accounts.create(
        {
          id,
          project_id: p.projectId,
          user_id: p.userId,
          toolkit_slug: p.toolkit.slug,
          auth_config_id: p.config.id,
          status: 'INITIATED',
          status_reason: null,
          alias: p.alias ?? null,
          is_disabled: false,
          sealed_credentials: null,
          // The link URL holds its token, which is otherwise kept only as a hash: sealed here so the
          // account can show where to connect while it waits (state.val.redirectUrl). Connecting
          // replaces the public state, and the sealed URL with it.
          public_state: { [PENDING_LINK_KEY]: sealer.seal(redirectUrl, pendingLinkContext(id)), ...tenantState(tenant) },
          expires_at: null,
          connected_at: null,
        },
        { type: 'created' },
      );
    }
    await announce(store.changes, account);
    const expiresAt = new Date(this.deps.now().getTime() + this.deps.linkTtlSeconds * 1000).toISOString();
    await store.connectLinks.create({
      id: newId('lnk'),
      token_hash: digest(token),
      project_id: p.projectId,
      account_id: account.id,
      session_id: p.sessionId ?? null,
      callback_url: p.callbackUrl ?? null,
      expires_at: expiresAt,
    });
    return { link_token: token, redirect_url: redirectUrl, connected_account_id: account.id, expires_at: expiresAt };
  }

  /** Where a waiting (INITIATED) account is connected: its first link's URL, when it was sealed with it. */
  pendingRedirectUrl(account: AccountRow): string | undefined {
    const sealed = account.public_state[PENDING_LINK_KEY];
    if (account.status !== 'INITIATED' || typeof sealed !== 'string') return undefined;
    try {
      return this.deps.sealer.open(sealed, pendingLinkContext(account.id));
    } catch {
      return undefined;
    }
  }

  /** The hosted page was opened (GET /link/{token}) by the browser holding `browserId`. */
  async open(token: string, browserId: string, origin: string): Promise<LinkOutcome> {
    const found = await this.#usableLink(token);
    if (found.kind === 'error') return found;
    const { link, account, config, toolkit } = found;
    const scheme = schemeFor(toolkit, config.auth_scheme);
    if (!scheme || scheme.mode === 'NO_AUTH')
      return { kind: 'error', status: 400, title: 'Nothing to connect', message: `${toolkit.name} needs no connection.` };
    // Tenant values the toolkit's URLs need (a Zendesk subdomain) and the caller did not give: asked
    // first, unless the provider tells them after the token exchange (Mailchimp's data centre).
    const missing = tenantFieldsToAsk(toolkit, scheme, storedTenantValues(account.public_state)).map(tenantFormField);
    const csrf = this.csrfFor(link, browserId);
    if (scheme.mode !== 'OAUTH2')
      return { kind: 'form', toolkit, fields: [...missing, ...formFields(scheme)], csrf, problems: [], callbackUrl: link.callback_url };
    if (missing.length > 0) {
      const formTargets = this.#providerTargets(config, scheme as OAuth2Scheme);
      return { kind: 'form', toolkit, fields: missing, csrf, problems: [], callbackUrl: link.callback_url, formTargets };
    }
    return this.#authorize(link, account, toolkit, config, scheme, browserId, origin);
  }

  /** Sends the browser to the provider's consent page (or, for client credentials, connects at once). */
  async #authorize(
    link: ConnectLinkRow,
    account: AccountRow,
    toolkit: Toolkit,
    config: AuthConfigRow,
    scheme: OAuth2Scheme,
    browserId: string,
    origin: string,
  ): Promise<LinkOutcome> {
    let app: OAuthApp;
    try {
      app = appForTenant(this.deps.configs.oauthApp(config, scheme), toolkit, storedTenantValues(account.public_state));
    } catch (error) {
      return this.#fail(link, account, error);
    }
    if (this.deps.configs.grantOf(config) === 'client_credentials') {
      try {
        const tokens = await this.deps.oauth.clientCredentials(app);
        const tenant = await discoverTenantValues(this.deps.oauth, toolkit, scheme, tokens.access_token, storedTenantValues(account.public_state));
        return await this.#complete(link, account, toolkit, scheme, oauthCreds(tokens), tokens.expires_at, tenant);
      } catch (error) {
        return this.#fail(link, account, error);
      }
    }
    const state = randomToken('st_', 24);
    const pkce = app.pkce ? pkcePair() : undefined;
    await this.deps.store.connectLinks.addState({
      state_hash: digest(state),
      link_id: link.id,
      browser_hash: this.deps.sealer.mac('browser', browserId),
      sealed_verifier: this.deps.sealer.sealJson({ verifier: pkce?.verifier ?? null }, `oauth_state:${digest(state)}`),
      expires_at: new Date(this.deps.now().getTime() + STATE_TTL_MS).toISOString(),
    });
    return { kind: 'redirect', url: authorizeUrl(app, { redirectUri: callbackUri(origin), state, challenge: pkce?.challenge }) };
  }

  /** The provider sent the browser back (GET /oauth/callback). */
  async callback(query: Record<string, string | undefined>, browserId: string | undefined, origin: string): Promise<LinkOutcome> {
    const { store, sealer } = this.deps;
    const state = query['state'];
    const row = state ? await store.connectLinks.state(digest(state)) : undefined;
    if (!state || !row) {
      return {
        kind: 'error',
        status: 400,
        title: 'Unknown sign-in',
        message: 'This sign-in response does not belong to any connection in progress. Start again from the link you were given.',
      };
    }
    const link = await store.connectLinks.get(row.link_id);
    const account = link && (await store.accounts.get(link.project_id, link.account_id));
    if (!link || !account)
      return { kind: 'error', status: 404, title: 'Connection not found', message: 'The connection this sign-in belongs to no longer exists.' };
    if (row.used_at || link.used_at) {
      return {
        kind: 'error',
        status: 400,
        title: 'Already used',
        message: 'This sign-in response was already used. If the connection is not working, ask for a new link.',
        callbackUrl: link.callback_url,
        accountId: account.id,
      };
    }
    if (!browserId || !sealer.macMatches(row.browser_hash, sealer.mac('browser', browserId))) {
      return {
        kind: 'error',
        status: 403,
        title: 'Different browser',
        message: 'The sign-in finished in a different browser than the one that opened the link. Open the link again in this browser.',
      };
    }
    if (Date.parse(row.expires_at) < this.deps.now().getTime() || Date.parse(link.expires_at) < this.deps.now().getTime()) {
      return this.#fail(link, account, new Error('the link expired before the sign-in finished'));
    }
    // Consume before talking to the provider: a replayed callback can never reach the token endpoint.
    if (!(await store.connectLinks.consumeState(row.state_hash, this.deps.now().toISOString()))) {
      return {
        kind: 'error',
        status: 400,
        title: 'Already used',
        message: 'This sign-in response was already used.',
        callbackUrl: link.callback_url,
        accountId: account.id,
      };
    }
    if (query['error']) {
      return this.#fail(
        link,
        account,
        new Error(`the provider answered "${query['error']}"${query['error_description'] ? `: ${query['error_description']}` : ''}`),
      );
    }
    if (!query['code']) return this.#fail(link, account, new Error('the provider sent no authorization code'));
    const config = await store.authConfigs.get(account.project_id, account.auth_config_id);
    const toolkit = (await this.deps.catalog.view(account.project_id)).toolkit(account.toolkit_slug)?.toolkit;
    const scheme = config && toolkit ? schemeFor(toolkit, config.auth_scheme) : undefined;
    if (!config || !toolkit || scheme?.mode !== 'OAUTH2') return this.#fail(link, account, new Error('the auth config of this connection changed'));
    try {
      const { verifier } = sealer.openJson<{ verifier: string | null }>(row.sealed_verifier, `oauth_state:${row.state_hash}`);
      const app = appForTenant(this.deps.configs.oauthApp(config, scheme), toolkit, storedTenantValues(account.public_state));
      const tokens = await this.deps.oauth.exchangeCode(app, {
        code: query['code'],
        redirectUri: callbackUri(origin),
        verifier: verifier ?? undefined,
      });
      const tenant = await discoverTenantValues(this.deps.oauth, toolkit, scheme, tokens.access_token, storedTenantValues(account.public_state));
      return await this.#complete(link, account, toolkit, scheme, oauthCreds(tokens), tokens.expires_at, tenant);
    } catch (error) {
      return this.#fail(link, account, error);
    }
  }

  /** The form was posted (POST /link/{token}). */
  async submit(token: string, browserId: string | undefined, form: Record<string, string>, origin: string): Promise<LinkOutcome> {
    const found = await this.#usableLink(token);
    if (found.kind === 'error') return found;
    const { link, config, toolkit } = found;
    let { account } = found;
    const scheme = schemeFor(toolkit, config.auth_scheme);
    const stored = storedTenantValues(account.public_state);
    const needed = tenantFieldsToAsk(toolkit, scheme, stored);
    // An OAuth2 connection takes a form only to ask for tenant values.
    if (!scheme || scheme.mode === 'NO_AUTH' || (scheme.mode === 'OAUTH2' && needed.length === 0))
      return { kind: 'error', status: 400, title: 'Wrong form', message: 'This connection does not take a form.' };
    if (!browserId || !form['csrf_token'] || !this.deps.sealer.macMatches(this.csrfFor(link, browserId), form['csrf_token'])) {
      return {
        kind: 'error',
        status: 403,
        title: 'Form expired',
        message: 'The form could not be verified (it may be from another browser tab or expired). Reload the link and submit again.',
      };
    }
    // Tenant values first, checked strictly: they become part of the API's address.
    const problems: string[] = [];
    let tenant: Record<string, string> = {};
    try {
      tenant = pickTenantValues(toolkit, Object.fromEntries(needed.map((f) => [f.name, form[f.name]])), '');
    } catch (error) {
      problems.push(...(error instanceof ToolRouterError && error.errors.length > 0 ? error.errors : [String(error)]));
    }
    for (const field of needed) {
      if (tenant[field.name] === undefined && !problems.some((p) => p.startsWith(`${field.name}:`))) problems.push(`${field.display_name} is required.`);
    }
    const tenantFields = needed.map(tenantFormField);
    if (scheme.mode === 'OAUTH2') {
      if (problems.length > 0) {
        const formTargets = this.#providerTargets(config, scheme);
        return { kind: 'form', toolkit, fields: tenantFields, csrf: this.csrfFor(link, browserId), problems, callbackUrl: link.callback_url, formTargets };
      }
      const publicState = { ...account.public_state, ...tenantState({ ...stored, ...tenant }) };
      account = (await this.deps.store.accounts.update(account.project_id, account.id, { public_state: publicState })) ?? account;
      return this.#authorize(link, account, toolkit, config, scheme, browserId, origin);
    }
    const fields = formFields(scheme as FormScheme);
    const values: Record<string, string> = {};
    for (const field of fields) {
      const value = (form[field.name] ?? '').trim();
      if (!value) {
        if (field.required) problems.push(`${field.display_name} is required.`);
        continue;
      }
      if (value.length > MAX_FIELD_LENGTH) problems.push(`${field.display_name} is too long.`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this check.
      else if (/[\u0000-\u001f\u007f]/.test(value)) problems.push(`${field.display_name} contains control characters.`);
      else values[field.name] = value;
    }
    if (problems.length > 0)
      return { kind: 'form', toolkit, fields: [...tenantFields, ...fields], csrf: this.csrfFor(link, browserId), problems, callbackUrl: link.callback_url };
    return this.#complete(link, account, toolkit, scheme, { kind: 'fields', values }, undefined, tenant);
  }

  /**
   * The tenant form of an OAuth2 connection is answered with a redirect to the provider's consent
   * page, and browsers apply the form page's form-action to that redirect: the page must allow
   * every tenant's version of the authorize URL's origin (`https://*.zendesk.com`).
   */
  #providerTargets(config: AuthConfigRow, scheme: OAuth2Scheme): string[] {
    try {
      const template = this.deps.configs.oauthApp(config, scheme).authorization_url;
      const source = template ? tenantOriginSource(template) : undefined;
      return source ? [source] : [];
    } catch {
      return [];
    }
  }

  csrfFor(link: ConnectLinkRow, browserId: string): string {
    return this.deps.sealer.mac('csrf', link.id, browserId);
  }

  async #usableLink(token: string) {
    const { store } = this.deps;
    const link = await store.connectLinks.byTokenHash(digest(token));
    if (!link)
      return {
        kind: 'error' as const,
        status: 404 as const,
        title: 'Link not found',
        message: 'This connection link is not valid. Check that you copied all of it, or ask for a new one.',
      };
    const account = await store.accounts.get(link.project_id, link.account_id);
    if (!account)
      return {
        kind: 'error' as const,
        status: 404 as const,
        title: 'Connection not found',
        message: 'The connection this link was made for no longer exists.',
      };
    if (link.used_at)
      return {
        kind: 'error' as const,
        status: 410 as const,
        title: 'Link already used',
        message: 'This link was already used to connect an account. Ask for a new link to connect again.',
        callbackUrl: link.callback_url,
        accountId: account.id,
      };
    if (Date.parse(link.expires_at) < this.deps.now().getTime()) {
      const message = 'This link has expired. Ask for a new link to connect.';
      // A newer link for the same account may still be open; only a link that was the last hope fails the account.
      if ((await store.connectLinks.liveCount(account.id, this.deps.now().toISOString())) > 0) {
        return { kind: 'error' as const, status: 410 as const, title: 'Link expired', message };
      }
      const failed = await this.#fail(link, account, new Error('the link expired before it was used'));
      return { ...(failed as Extract<LinkOutcome, { kind: 'error' }>), status: 410 as const };
    }
    const config = await store.authConfigs.get(account.project_id, account.auth_config_id);
    const toolkit = (await this.deps.catalog.view(account.project_id)).toolkit(account.toolkit_slug)?.toolkit;
    if (!config || !toolkit)
      return {
        kind: 'error' as const,
        status: 404 as const,
        title: 'Connection not found',
        message: 'The toolkit or auth config of this link no longer exists.',
      };
    return { kind: 'ok' as const, link, account, config, toolkit };
  }

  async #complete(
    link: ConnectLinkRow,
    account: AccountRow,
    toolkit: Toolkit,
    scheme: NonNullable<ReturnType<typeof schemeFor>>,
    creds: StoredCredentials,
    expiresAt: string | undefined,
    tenant: Record<string, string> = {},
  ): Promise<LinkOutcome> {
    const { store, sealer } = this.deps;
    if (!(await store.connectLinks.markUsed(link.id, this.deps.now().toISOString()))) {
      return {
        kind: 'error',
        status: 410,
        title: 'Link already used',
        message: 'This link was already used to connect an account.',
        callbackUrl: link.callback_url,
        accountId: account.id,
      };
    }
    const activated = await store.accounts.activate(
      account.project_id,
      account.id,
      {
        sealed_credentials: sealCredentials(sealer, account, creds),
        public_state: {
          ...publicView(scheme, creds),
          ...(expiresAt ? { expires_at: expiresAt } : {}),
          ...tenantState({ ...storedTenantValues(account.public_state), ...tenant }),
        },
        expires_at: expiresAt ?? null,
      },
      { type: 'activated' },
    );
    if (activated) await announce(store.changes, activated);
    return { kind: 'done', toolkit: toolkit.name, accountId: account.id, callbackUrl: link.callback_url };
  }

  async #fail(link: ConnectLinkRow, account: AccountRow, error: unknown): Promise<LinkOutcome> {
    const reason = error instanceof Error ? error.message : String(error);
    // Never downgrade a working account because a second attempt failed.
    if (account.status !== 'ACTIVE') {
      const failed = await this.deps.store.accounts.update(
        account.project_id,
        account.id,
        { status: 'FAILED', status_reason: capitalise(reason) },
        { type: 'failed', detail: reason },
      );
      if (failed) await announce(this.deps.store.changes, failed);
    }
    return {
      kind: 'error',
      status: 400,
      title: 'Connection failed',
      message: `The connection could not be completed: ${reason}.`,
      callbackUrl: link.callback_url,
      accountId: account.id,
    };
  }
}

export function callbackUri(origin: string): string {
  return `${origin}/oauth/callback`;
}

function oauthCreds(tokens: TokenSet): StoredCredentials {
  return {
    kind: 'oauth2',
    access_token: tokens.access_token,
    ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
    token_type: tokens.token_type,
    ...(tokens.scope ? { scope: tokens.scope } : {}),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function linkNotAllowed(toolkit: Toolkit): ToolRouterError {
  return new ToolRouterError('VALIDATION_FAILED', `Toolkit "${toolkit.slug}" needs no connection`, {
    errors: [`toolkit: "${toolkit.slug}" needs no authentication`],
    suggestedFix: 'Run its tools directly; they need no connected account.',
  });
}

/** A tenant value as a field of the Connect Link form (never secret: it is part of an address). */
function tenantFormField(field: TenantField): AuthField {
  return { name: field.name, display_name: field.display_name, description: field.description, secret: false, required: true };
}
