import type { AuthScheme } from '@toolrouter/core';
import { isObject, type JsonObject, type OpenApiDocument, type SecurityRequirement } from './types.js';

type OAuth2Scheme = Extract<AuthScheme, { mode: 'OAUTH2' }>;

/**
 * The auth schemes a document declares, in declaration order, de-duplicated. Schemes the router
 * cannot drive (implicit/password-only OAuth2, OpenID Connect discovery, digest, mutual TLS) are
 * skipped; a document with nothing usable gets NO_AUTH.
 */
export function authSchemesFromDocument(doc: OpenApiDocument): AuthScheme[] {
  const schemes: AuthScheme[] = [];
  const seen = new Set<string>();
  for (const definition of Object.values(doc.components?.securitySchemes ?? {})) {
    const scheme = isObject(definition) ? convertScheme(definition) : undefined;
    const key = JSON.stringify(scheme);
    if (scheme !== undefined && !seen.has(key)) {
      seen.add(key);
      schemes.push(scheme);
    }
  }
  return schemes.length > 0 ? schemes : [{ mode: 'NO_AUTH' }];
}

function convertScheme(definition: JsonObject): AuthScheme | undefined {
  const type = definition['type'];
  if (type === 'apiKey') {
    const where = definition['in'];
    const name = definition['name'];
    if ((where === 'header' || where === 'query' || where === 'cookie') && typeof name === 'string' && name !== '') {
      return { mode: 'API_KEY', in: where, name, prefix: '' };
    }
    return undefined;
  }
  if (type === 'http') {
    const scheme = String(definition['scheme'] ?? '').toLowerCase();
    if (scheme === 'basic') return { mode: 'BASIC' };
    if (scheme === 'bearer') return { mode: 'BEARER_TOKEN' };
    return undefined;
  }
  if (type === 'oauth2' && isObject(definition['flows'])) return convertOAuth2(definition['flows']);
  return undefined;
}

function convertOAuth2(flows: JsonObject): OAuth2Scheme | undefined {
  const code = isObject(flows['authorizationCode']) ? flows['authorizationCode'] : undefined;
  const client = isObject(flows['clientCredentials']) ? flows['clientCredentials'] : undefined;
  const tokenUrl = url(code?.['tokenUrl']) ?? url(client?.['tokenUrl']);
  if (tokenUrl === undefined) return undefined;

  const grants: OAuth2Scheme['grants'] = [];
  if (code !== undefined && url(code['authorizationUrl']) !== undefined) grants.push('authorization_code');
  if (client !== undefined) grants.push('client_credentials');
  if (grants.length === 0) return undefined;

  const scheme: OAuth2Scheme = {
    mode: 'OAUTH2',
    token_url: tokenUrl,
    scopes: { ...scopes(client), ...scopes(code) },
    default_scopes: [],
    grants,
    pkce: true,
    scope_separator: ' ',
  };
  const authorizationUrl = url(code?.['authorizationUrl']);
  if (authorizationUrl !== undefined) scheme.authorization_url = authorizationUrl;
  const refreshUrl = url(code?.['refreshUrl']) ?? url(client?.['refreshUrl']);
  if (refreshUrl !== undefined) scheme.refresh_url = refreshUrl;
  return scheme;
}

function scopes(flow: JsonObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(flow?.['scopes'])) {
    for (const [name, description] of Object.entries(flow['scopes'])) out[name] = String(description ?? '');
  }
  return out;
}

/** Only absolute http(s) URLs survive: the toolkit schema requires them. */
function url(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when an operation needs no connected account: the toolkit has no auth at all, or the
 * operation's effective security is explicitly empty or lists the empty (optional-auth) requirement.
 */
export function isNoAuth(security: SecurityRequirement[] | undefined, schemes: readonly AuthScheme[]): boolean {
  if (!schemes.some((scheme) => scheme.mode !== 'NO_AUTH')) return true;
  if (!Array.isArray(security)) return false;
  return security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
}

/** OAuth2 scopes named by the operation's security requirements, in order, without duplicates. */
export function requiredScopes(security: SecurityRequirement[] | undefined): string[] {
  const out = new Set<string>();
  for (const requirement of security ?? []) {
    for (const list of Object.values(requirement)) {
      if (Array.isArray(list)) for (const scope of list) if (typeof scope === 'string') out.add(scope);
    }
  }
  return [...out];
}
