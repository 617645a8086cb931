import type { AuthField, AuthScheme, Toolkit } from '@toolrouter/core';
import type { AppliedAuth } from './credentials.js';
import { mask } from './vault/mask.js';

/**
 * What each auth scheme asks of the end user, how its stored credentials become the auth of an
 * outbound call, and what of them may be shown.
 */

/** Credentials as sealed in the vault. */
export type StoredCredentials =
  | { kind: 'oauth2'; access_token: string; refresh_token?: string; token_type?: string; scope?: string }
  | { kind: 'fields'; values: Record<string, string> };

export type OAuth2Scheme = Extract<AuthScheme, { mode: 'OAUTH2' }>;
export type FormScheme = Extract<AuthScheme, { mode: 'API_KEY' | 'BASIC' | 'BEARER_TOKEN' }>;

/** The toolkit's scheme a config of `mode` uses; a bearer token also serves OAuth2 toolkits (personal tokens). */
export function schemeFor(toolkit: Toolkit, mode: string): AuthScheme | undefined {
  const own = toolkit.auth_schemes.find((s) => s.mode === mode);
  if (own) return own;
  if (mode === 'BEARER_TOKEN' && toolkit.auth_schemes.some((s) => s.mode === 'OAUTH2')) return { mode: 'BEARER_TOKEN' };
  return undefined;
}

export function needsAuth(toolkit: Toolkit): boolean {
  return toolkit.auth_schemes.some((s) => s.mode !== 'NO_AUTH');
}

const DEFAULT_FIELDS: Record<FormScheme['mode'], AuthField[]> = {
  API_KEY: [{ name: 'api_key', display_name: 'API key', secret: true, required: true }],
  BASIC: [
    { name: 'username', display_name: 'Username', secret: false, required: true },
    { name: 'password', display_name: 'Password', secret: true, required: true },
  ],
  BEARER_TOKEN: [{ name: 'token', display_name: 'Access token', secret: true, required: true }],
};

export function formFields(scheme: FormScheme): AuthField[] {
  return scheme.fields && scheme.fields.length > 0 ? scheme.fields : DEFAULT_FIELDS[scheme.mode];
}

/** The value of the field that carries the secret: the first secret field. */
function secretValue(scheme: FormScheme, values: Record<string, string>): string {
  const field = formFields(scheme).find((f) => f.secret) ?? formFields(scheme)[0]!;
  return values[field.name] ?? '';
}

export function appliedAuth(scheme: AuthScheme, creds: StoredCredentials): AppliedAuth {
  if (scheme.mode === 'NO_AUTH') return { mode: 'NO_AUTH' };
  if (creds.kind === 'oauth2') return { mode: 'OAUTH2', token: creds.access_token };
  switch (scheme.mode) {
    case 'API_KEY':
      // Freshdesk's way: the key is the Basic user name, the password fixed by the toolkit.
      if (scheme.basic) return { mode: 'BASIC', username: secretValue(scheme, creds.values), password: scheme.basic.password, secret_username: true };
      return { mode: 'API_KEY', in: scheme.in, name: scheme.name, value: `${scheme.prefix}${secretValue(scheme, creds.values)}` };
    case 'BASIC': {
      const [user, pass] = formFields(scheme);
      return {
        mode: 'BASIC',
        username: creds.values[user?.name ?? 'username'] ?? '',
        password: creds.values[pass?.name ?? 'password'] ?? '',
        // A user-name field the toolkit marks secret is a key (Freshdesk's BASIC), scrubbed like one.
        ...(user?.secret ? { secret_username: true } : {}),
      };
    }
    case 'BEARER_TOKEN':
      return { mode: 'BEARER_TOKEN', token: secretValue(scheme, creds.values) };
    case 'OAUTH2':
      throw new Error('OAuth2 accounts store tokens, not form fields');
  }
}

/** What the API may show about stored credentials: masked secrets, plain non-secret fields. */
export function publicView(scheme: AuthScheme, creds: StoredCredentials): Record<string, unknown> {
  if (creds.kind === 'oauth2') {
    return {
      access_token: mask(creds.access_token),
      ...(creds.refresh_token ? { refresh_token: mask(creds.refresh_token) } : {}),
      token_type: creds.token_type ?? 'Bearer',
      ...(creds.scope ? { scope: creds.scope } : {}),
    };
  }
  const fields = scheme.mode === 'NO_AUTH' || scheme.mode === 'OAUTH2' ? [] : formFields(scheme);
  return Object.fromEntries(
    Object.entries(creds.values).map(([name, value]) => [name, fields.find((f) => f.name === name)?.secret === false ? value : mask(value)]),
  );
}
