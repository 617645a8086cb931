import type { AuthField, AuthScheme, Toolkit } from '@toolrouter/core';
import { formFields } from './auth-schemes.js';
import { tenantFields } from './tenant.js';
import { discoveredFieldNames } from './tenant-discovery.js';

/**
 * What a toolkit's auth schemes ask for, in the `auth_config_details` shape the reference client
 * reads from `GET /toolkits/{slug}` (`toolkits.getAuthConfigCreationFields`,
 * `getConnectedAccountInitiationFields`, `toolkits.authorize`): for each scheme, the fields an auth
 * config needs (OAuth2: the app's client) and the fields the end user supplies when connecting
 * (API key, token, username and password). The names are the ones our own APIs accept.
 */
export interface AuthDetailField {
  name: string;
  /** camelCase on the wire, unlike the rest: the reference client passes these objects through as they are. */
  displayName: string;
  description: string;
  type: 'string';
  required: boolean;
  default: string | null;
}

interface FieldGroups {
  required: AuthDetailField[];
  optional: AuthDetailField[];
}

export interface AuthConfigDetail {
  name: string;
  mode: AuthScheme['mode'];
  fields: { auth_config_creation: FieldGroups; connected_account_initiation: FieldGroups };
  /** Where proxied calls go; left out when the toolkit has no base URL (the client rejects null). */
  proxy: { base_url?: string };
}

const MODE_LABELS: Record<AuthScheme['mode'], string> = {
  OAUTH2: 'OAuth 2',
  API_KEY: 'API key',
  BASIC: 'Username and password',
  BEARER_TOKEN: 'Bearer token',
  NO_AUTH: 'No authentication',
};

/** One entry per scheme that needs credentials; a toolkit without auth has none. */
export function authConfigDetails(toolkit: Toolkit): AuthConfigDetail[] {
  return toolkit.auth_schemes.flatMap((scheme) => {
    if (scheme.mode === 'NO_AUTH') return [];
    const creation = scheme.mode === 'OAUTH2' ? oauthAppFields(scheme) : [];
    // Tenant values (a Zendesk subdomain) come first: every scheme needs them, OAuth2 included,
    // except those the scheme learns from the provider (optional then: a given one must agree).
    const discovered = discoveredFieldNames(scheme);
    const tenant = tenantFields(toolkit).map((f) =>
      discovered.has(f.name)
        ? field(f.name, f.display_name, `${f.description} Learnt from ${toolkit.name} after sign-in when not given.`, false)
        : field(f.name, f.display_name, f.description, true),
    );
    const initiation = [...tenant, ...(scheme.mode === 'OAUTH2' ? [] : formFields(scheme).map(fromAuthField))];
    return [
      {
        name: `${toolkit.name} (${MODE_LABELS[scheme.mode]})`,
        mode: scheme.mode,
        fields: { auth_config_creation: grouped(creation), connected_account_initiation: grouped(initiation) },
        proxy: toolkit.base_url ? { base_url: toolkit.base_url } : {},
      },
    ];
  });
}

/** What `POST /auth_configs` with `use_custom_auth` takes for OAuth2 (see auth-config-service.ts). */
function oauthAppFields(scheme: Extract<AuthScheme, { mode: 'OAUTH2' }>): AuthDetailField[] {
  const secretNeeded = scheme.grants.includes('client_credentials') && !scheme.grants.includes('authorization_code');
  return [
    field('client_id', 'Client ID', 'The client id of your OAuth app at the provider.', true),
    field('client_secret', 'Client secret', 'The client secret of your OAuth app (kept sealed, never shown again).', secretNeeded),
    field(
      'scopes',
      'Scopes',
      "Scopes to request, comma-separated; the toolkit's default scopes when left out.",
      false,
      scheme.default_scopes.length > 0 ? scheme.default_scopes.join(',') : null,
    ),
  ];
}

function fromAuthField(f: AuthField): AuthDetailField {
  return field(f.name, f.display_name, f.description ?? f.display_name, f.required);
}

function field(name: string, displayName: string, description: string, required: boolean, byDefault: string | null = null): AuthDetailField {
  return { name, displayName, description, type: 'string', required, default: byDefault };
}

function grouped(fields: AuthDetailField[]): FieldGroups {
  return { required: fields.filter((f) => f.required), optional: fields.filter((f) => !f.required) };
}
