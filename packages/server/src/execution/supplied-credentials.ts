import { type CustomAuthParams, type CustomConnectionData, type Toolkit, ToolRouterError } from '@toolrouter/core';
import { appliedAuth, formFields, schemeFor } from '../connections/auth-schemes.js';
import type { AppliedAuth, CallCredentials } from '../connections/credentials.js';
import { applyAuth } from './backends/http-request.js';

/**
 * Credentials the caller sent with one classic call (`custom_auth_params`, or the older
 * `custom_connection_data`, which wins when both are sent, as in the reference) turned into the
 * auth of that call. No account is read or written: the call runs as no stored account, and the
 * values are scrubbed from its log like an account's secrets.
 */
export function suppliedCredentials(
  toolkit: Toolkit,
  supplied: { custom_auth_params?: CustomAuthParams | undefined; custom_connection_data?: CustomConnectionData | undefined },
): CallCredentials | undefined {
  if (supplied.custom_connection_data) return fromConnectionData(toolkit, supplied.custom_connection_data);
  const params = supplied.custom_auth_params;
  if (!params) return undefined;
  return {
    connectedAccountId: null,
    auth: { mode: 'CUSTOM', parameters: params.parameters, ...(params.body ? { body: params.body } : {}) },
    ...(params.base_url ? { baseUrl: params.base_url } : {}),
  };
}

function fromConnectionData(toolkit: Toolkit, data: CustomConnectionData): CallCredentials {
  if (data.toolkitSlug !== toolkit.slug) {
    throw invalid(`custom_connection_data.toolkitSlug: is "${data.toolkitSlug}", but the tool belongs to "${toolkit.slug}"`);
  }
  const auth = appliedFromData(toolkit, data);
  // The values go into headers: one that cannot is the caller's 400, said without the value.
  try {
    applyAuth(auth, {}, new URLSearchParams(), []);
  } catch {
    throw invalid('custom_connection_data.val: a credential contains a line break or another character an HTTP header cannot carry');
  }
  return { connectedAccountId: null, auth, ...(data.val.base_url ? { baseUrl: data.val.base_url } : {}) };
}

function appliedFromData(toolkit: Toolkit, data: CustomConnectionData): AppliedAuth {
  switch (data.authScheme) {
    case 'NO_AUTH':
      return { mode: 'NO_AUTH' };
    case 'OAUTH2':
      return { mode: 'OAUTH2', token: data.val.access_token };
    case 'BEARER_TOKEN':
      return { mode: 'BEARER_TOKEN', token: data.val.token };
    case 'BASIC':
      return { mode: 'BASIC', username: data.val.username, password: data.val.password };
    case 'API_KEY': {
      // Where the key goes (header or query, its name and prefix) is the toolkit's scheme.
      const scheme = schemeFor(toolkit, 'API_KEY');
      if (scheme?.mode !== 'API_KEY') {
        throw invalid(
          `custom_connection_data.authScheme: toolkit "${toolkit.slug}" has no API_KEY scheme (it uses ${toolkit.auth_schemes.map((s) => s.mode).join(', ') || 'none'})`,
        );
      }
      const values = Object.fromEntries(Object.entries(data.val).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const field = formFields(scheme).find((f) => f.secret) ?? formFields(scheme)[0]!;
      values[field.name] ??= data.val.api_key ?? data.val.generic_api_key ?? '';
      if (!values[field.name]) throw invalid(`custom_connection_data.val.${field.name}: required (or api_key)`);
      return appliedAuth(scheme, { kind: 'fields', values });
    }
  }
}

function invalid(error: string): ToolRouterError {
  return new ToolRouterError('VALIDATION_FAILED', `Invalid request: ${error}`, {
    errors: [error],
    suggestedFix: 'Send the credentials as the reference documents them, or connect an account and pass its connected_account_id.',
  });
}
