import { type AuthConfigCreate, type AuthConfigCredentials, type AuthConfigUpdate, type SessionConfig, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { ManagedAuthApp } from '../config/config.js';
import { newId } from '../ids.js';
import type { AuthConfigRow, Store } from '../store/store.js';
import { needsAuth, type OAuth2Scheme, schemeFor } from './auth-schemes.js';
import { absoluteLogo } from './link-origin.js';
import type { OAuthApp } from './oauth2/oauth-client.js';
import type { Sealer } from './vault/sealer.js';

/** Non-secret settings kept in clear on the config row. */
interface ConfigSettings {
  client_id?: string;
  scopes?: string[];
  grant_type?: 'authorization_code' | 'client_credentials';
  authorization_url?: string;
  token_url?: string;
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  restrict_to_following_tools?: string[];
}

/**
 * Auth configs: how a project connects a toolkit (which scheme, whose OAuth app, which scopes).
 * Client secrets are sealed on write and opened only to build a token request.
 */
export class AuthConfigService {
  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogService,
    private readonly sealer: Sealer,
    private readonly managedApps: Readonly<Record<string, ManagedAuthApp>>,
  ) {}

  async create(projectId: string, body: AuthConfigCreate, createdBy: 'api' | 'router' = 'api'): Promise<AuthConfigRow> {
    const toolkit = await this.#toolkit(projectId, body.toolkit.slug);
    const spec = body.auth_config ?? { type: 'use_composio_managed_auth' as const };
    const managed = spec.type === 'use_composio_managed_auth';
    const mode = spec.type === 'use_custom_auth' ? spec.authScheme : this.#managedMode(toolkit);
    // A NO_AUTH config only describes a toolkit that needs nothing; on one that does, it would
    // silently send calls without credentials.
    const scheme = mode === 'NO_AUTH' && needsAuth(toolkit) ? undefined : schemeFor(toolkit, mode);
    if (!scheme) {
      throw invalid(
        `Toolkit "${toolkit.slug}" cannot be connected with ${mode}; it supports ${toolkit.auth_schemes.map((s) => s.mode).join(', ')}`,
        'auth_config.authScheme',
      );
    }
    const creds: AuthConfigCredentials = { ...(spec.credentials ?? {}) };
    if (managed && scheme.mode === 'OAUTH2') {
      const app = this.managedApps[toolkit.slug];
      if (!app) {
        throw new ToolRouterError('MANAGED_AUTH_UNAVAILABLE', `This server has no managed OAuth app for "${toolkit.slug}"`, {
          suggestedFix: `Create the config with type "use_custom_auth" and your own client_id/client_secret, or ask the operator to add "${toolkit.slug}" to TOOLROUTER_MANAGED_AUTH.`,
        });
      }
      if (creds.client_id || creds.client_secret)
        throw invalid('A managed config uses the server\'s OAuth app; send only scopes, or use "use_custom_auth"', 'auth_config.credentials');
    }
    const settings = settingsFrom(creds, spec.restrict_to_following_tools);
    if (scheme.mode === 'OAUTH2' && !managed) checkOAuthSettings(scheme, settings, creds.client_secret);
    if (scheme.mode === 'NO_AUTH' && (creds.client_id || creds.client_secret))
      throw invalid('A NO_AUTH config takes no client credentials', 'auth_config.credentials');
    const existing = await this.store.authConfigs.forToolkit(projectId, toolkit.slug);
    return this.store.authConfigs
      .create({
        id: newId('ac'),
        project_id: projectId,
        toolkit_slug: toolkit.slug,
        name: spec.name ?? `${toolkit.name} ${managed ? 'managed' : 'custom'} auth`,
        auth_scheme: scheme.mode,
        is_managed: managed,
        // The first config of a toolkit is its default until another one is marked default.
        is_default: spec.is_default ?? !existing.some((c) => c.is_default),
        created_by: createdBy,
        status: 'ENABLED',
        settings: settings as Record<string, unknown>,
        sealed_secrets: null,
      })
      .then((row) => (creds.client_secret ? this.#storeSecret(row, creds.client_secret) : row));
  }

  async get(projectId: string, id: string): Promise<AuthConfigRow> {
    const row = await this.store.authConfigs.get(projectId, id);
    if (!row) throw notFound(id);
    return row;
  }

  async update(projectId: string, id: string, body: AuthConfigUpdate): Promise<AuthConfigRow> {
    const row = await this.get(projectId, id);
    const creds: AuthConfigCredentials = { ...(body.credentials ?? {}) };
    if (body.scopes) creds.scopes = body.scopes;
    if (row.is_managed && (creds.client_id || creds.client_secret))
      throw invalid("A managed config uses the server's OAuth app; its client cannot be changed", 'credentials');
    const settings = { ...(row.settings as ConfigSettings), ...settingsFrom(creds, body.restrict_to_following_tools) };
    const updated = await this.store.authConfigs.update(projectId, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.is_default !== undefined ? { is_default: body.is_default } : {}),
      settings: settings as Record<string, unknown>,
    });
    if (!updated) throw notFound(id);
    return creds.client_secret ? this.#storeSecret(updated, creds.client_secret) : updated;
  }

  async setStatus(projectId: string, id: string, status: 'ENABLED' | 'DISABLED'): Promise<AuthConfigRow> {
    const updated = await this.store.authConfigs.update(projectId, id, { status });
    if (!updated) throw notFound(id);
    return updated;
  }

  async delete(projectId: string, id: string): Promise<void> {
    if (!(await this.store.authConfigs.delete(projectId, id))) throw notFound(id);
  }

  /**
   * The config a new connection of `toolkit` uses, by the session precedence: the session's
   * auth_configs entry; else the toolkit's default config in the project (the first one created,
   * by a caller or earlier by the router, unless another was marked default); else one the router
   * creates now from the toolkit's scheme (the operator's managed app for OAuth2).
   */
  async forConnection(projectId: string, toolkit: Toolkit, config: SessionConfig | undefined): Promise<AuthConfigRow> {
    const chosen = config?.auth_configs?.[toolkit.slug];
    if (chosen) {
      const row = await this.store.authConfigs.get(projectId, chosen);
      if (!row || row.toolkit_slug !== toolkit.slug) {
        throw new ToolRouterError(
          'AUTH_CONFIG_NOT_FOUND',
          `The session names auth config "${chosen}" for "${toolkit.slug}", but the project has no such config for that toolkit`,
          {
            suggestedFix: 'Fix auth_configs in the session (PATCH the session), or create the config with POST /api/v3.1/auth_configs.',
          },
        );
      }
      return usable(row);
    }
    const existing = (await this.store.authConfigs.forToolkit(projectId, toolkit.slug)).filter((c) => c.status === 'ENABLED');
    const preferred = existing.find((c) => c.is_default) ?? existing.find((c) => c.created_by === 'router') ?? existing[0];
    if (preferred) return preferred;
    try {
      return await this.create(projectId, { toolkit: { slug: toolkit.slug }, auth_config: { type: 'use_composio_managed_auth' } }, 'router');
    } catch (error) {
      if (error instanceof ToolRouterError && error.code === 'MANAGED_AUTH_UNAVAILABLE') {
        throw new ToolRouterError(
          'NO_ACTIVE_CONNECTION',
          `"${toolkit.slug}" cannot be connected yet: the project has no auth config for it and the server has no managed app`,
          {
            suggestedFix: `Create one with POST /api/v3.1/auth_configs {"toolkit":{"slug":"${toolkit.slug}"},"auth_config":{"type":"use_custom_auth","authScheme":"OAUTH2","credentials":{"client_id":"…","client_secret":"…"}}}, or configure TOOLROUTER_MANAGED_AUTH.`,
          },
        );
      }
      throw error;
    }
  }

  /** The OAuth client for a config; opens the sealed secret. */
  oauthApp(row: AuthConfigRow, scheme: OAuth2Scheme): OAuthApp {
    const settings = row.settings as ConfigSettings;
    const managed = row.is_managed ? this.managedApps[row.toolkit_slug] : undefined;
    if (row.is_managed && !managed) {
      throw new ToolRouterError('MANAGED_AUTH_UNAVAILABLE', `The managed OAuth app for "${row.toolkit_slug}" is no longer configured on this server`, {
        suggestedFix: `Ask the operator to restore "${row.toolkit_slug}" in TOOLROUTER_MANAGED_AUTH, or switch the session to a custom auth config.`,
      });
    }
    const secret = this.clientSecret(row);
    const clientId = managed?.client_id ?? settings.client_id;
    if (!clientId) throw invalid(`Auth config ${row.id} has no client_id`, 'credentials.client_id');
    return {
      client_id: clientId,
      client_secret: secret,
      authorization_url: settings.authorization_url ?? managed?.authorization_url ?? scheme.authorization_url,
      token_url: settings.token_url ?? managed?.token_url ?? scheme.token_url,
      scopes: settings.scopes ?? managed?.scopes ?? scheme.default_scopes,
      scope_separator: scheme.scope_separator,
      pkce: scheme.pkce,
      auth_method: settings.token_endpoint_auth_method ?? managed?.token_endpoint_auth_method ?? 'client_secret_basic',
    };
  }

  /** The config's OAuth client secret in plain text (the managed app's, or the sealed one), if it has one. */
  clientSecret(row: AuthConfigRow): string | undefined {
    if (row.is_managed) return this.managedApps[row.toolkit_slug]?.client_secret;
    return row.sealed_secrets ? this.sealer.openJson<{ client_secret: string }>(row.sealed_secrets, secretContext(row)).client_secret : undefined;
  }

  /** Schemes this server can connect for the toolkit without a config of the project's own. */
  managedSchemes(toolkit: Toolkit): string[] {
    return toolkit.auth_schemes.some((s) => s.mode === 'OAUTH2') && this.managedApps[toolkit.slug] ? ['OAUTH2'] : [];
  }

  grantOf(row: AuthConfigRow): 'authorization_code' | 'client_credentials' {
    return (row.settings as ConfigSettings).grant_type ?? 'authorization_code';
  }

  /** The API shape; secrets appear only as masked markers. */
  render(row: AuthConfigRow, connections: number, toolkit: Toolkit | undefined, origin: string) {
    const settings = row.settings as ConfigSettings;
    return {
      id: row.id,
      uuid: row.id,
      name: row.name,
      type: row.is_managed ? ('default' as const) : ('custom' as const),
      auth_scheme: row.auth_scheme,
      is_composio_managed: row.is_managed,
      is_default: row.is_default,
      created_by: row.created_by,
      status: row.status,
      no_of_connections: connections,
      toolkit: { slug: row.toolkit_slug, logo: absoluteLogo(toolkit?.logo, origin) ?? '' },
      credentials: {
        ...(settings.client_id ? { client_id: settings.client_id } : {}),
        ...(row.sealed_secrets ? { client_secret: '••••••••' } : {}),
        ...(settings.scopes ? { scopes: settings.scopes } : {}),
        ...(settings.grant_type ? { grant_type: settings.grant_type } : {}),
        ...(settings.authorization_url ? { authorization_url: settings.authorization_url } : {}),
        ...(settings.token_url ? { token_url: settings.token_url } : {}),
      },
      restrict_to_following_tools: settings.restrict_to_following_tools ?? [],
      tool_access_config: { tools_available_for_execution: settings.restrict_to_following_tools ?? [] },
      is_enabled_for_tool_router: true,
      created_at: row.created_at,
      last_updated_at: row.updated_at,
    };
  }

  async #toolkit(projectId: string, slug: string): Promise<Toolkit> {
    return (await this.catalog.view(projectId)).requireToolkit(slug).toolkit;
  }

  #managedMode(toolkit: Toolkit): string {
    return (toolkit.auth_schemes.find((s) => s.mode === 'OAUTH2') ?? toolkit.auth_schemes.find((s) => s.mode !== 'NO_AUTH'))?.mode ?? 'NO_AUTH';
  }

  async #storeSecret(row: AuthConfigRow, secret: string): Promise<AuthConfigRow> {
    const sealed = this.sealer.sealJson({ client_secret: secret }, secretContext(row));
    return (await this.store.authConfigs.update(row.project_id, row.id, { sealed_secrets: sealed }))!;
  }
}

function secretContext(row: AuthConfigRow): string {
  return `auth_config:${row.project_id}:${row.id}`;
}

function settingsFrom(creds: AuthConfigCredentials, restrict: string[] | undefined): ConfigSettings {
  return {
    ...(creds.client_id !== undefined ? { client_id: creds.client_id } : {}),
    ...(creds.scopes !== undefined ? { scopes: creds.scopes } : {}),
    ...(creds.grant_type !== undefined ? { grant_type: creds.grant_type } : {}),
    ...(creds.authorization_url !== undefined ? { authorization_url: creds.authorization_url } : {}),
    ...(creds.token_url !== undefined ? { token_url: creds.token_url } : {}),
    ...(creds.token_endpoint_auth_method !== undefined ? { token_endpoint_auth_method: creds.token_endpoint_auth_method } : {}),
    ...(restrict !== undefined ? { restrict_to_following_tools: restrict } : {}),
  };
}

function checkOAuthSettings(scheme: OAuth2Scheme, settings: ConfigSettings, secret: string | undefined): void {
  const problems: string[] = [];
  if (!settings.client_id) problems.push("auth_config.credentials.client_id: required for a custom OAuth2 config (your app's client id)");
  const grant = settings.grant_type ?? 'authorization_code';
  if (!scheme.grants.includes(grant)) problems.push(`auth_config.credentials.grant_type: the toolkit supports ${scheme.grants.join(', ')}`);
  if (grant === 'authorization_code' && !settings.authorization_url && !scheme.authorization_url) {
    problems.push('auth_config.credentials.authorization_url: the toolkit declares no authorization URL; give one');
  }
  if (grant === 'client_credentials' && !secret) problems.push('auth_config.credentials.client_secret: required for the client_credentials grant');
  if (problems.length > 0)
    throw new ToolRouterError('AUTH_CONFIG_INVALID', `Invalid auth config: ${problems[0]}`, {
      errors: problems,
      suggestedFix: 'Correct the fields listed in "errors".',
    });
}

function usable(row: AuthConfigRow): AuthConfigRow {
  if (row.status !== 'ENABLED') throw invalid(`Auth config ${row.id} is disabled`, 'auth_configs');
  return row;
}

function invalid(message: string, field: string): ToolRouterError {
  return new ToolRouterError('AUTH_CONFIG_INVALID', message, { errors: [`${field}: ${message}`], suggestedFix: 'Correct the auth config and retry.' });
}

function notFound(id: string): ToolRouterError {
  return new ToolRouterError('AUTH_CONFIG_NOT_FOUND', `No auth config "${id}" in this project`, {
    suggestedFix: "List the project's configs with GET /api/v3.1/auth_configs.",
  });
}
