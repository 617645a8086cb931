import type { AuthScheme, TenantField, Toolkit } from '@toolrouter/core';
import type { OAuthClient } from './oauth2/oauth-client.js';
import { missingTenantFields, tenantFields, tenantValueProblem } from './tenant.js';

/**
 * Tenant values an OAuth2 scheme learns from the provider after the token exchange
 * (`tenant_discovery` in the toolkit): Mailchimp's data centre from its metadata endpoint. The end
 * user is not asked for them; a value the caller gave anyway must agree with the provider's, since
 * the provider knows which account the token belongs to and a different host would only fail later.
 */

/** Names of the tenant fields `scheme` discovers (none for other schemes). */
export function discoveredFieldNames(scheme: AuthScheme | undefined): Set<string> {
  return new Set(scheme?.mode === 'OAUTH2' && scheme.tenant_discovery ? Object.keys(scheme.tenant_discovery.fields) : []);
}

/** The tenant fields the end user must give for `scheme`: the missing ones the provider will not tell. */
export function tenantFieldsToAsk(toolkit: Toolkit, scheme: AuthScheme | undefined, values: Record<string, string>): TenantField[] {
  const discovered = discoveredFieldNames(scheme);
  return missingTenantFields(toolkit, values).filter((f) => !discovered.has(f.name));
}

/**
 * Asks the provider for the scheme's discovered tenant values with the new access token and checks
 * each as strictly as a typed value. Returns them merged over `stored`; throws an Error whose
 * message is the account's status reason when the answer is missing, malformed, hostile, or
 * disagrees with a value the caller gave.
 */
export async function discoverTenantValues(
  oauth: OAuthClient,
  toolkit: Toolkit,
  scheme: AuthScheme,
  accessToken: string,
  stored: Record<string, string>,
): Promise<Record<string, string>> {
  if (scheme.mode !== 'OAUTH2' || !scheme.tenant_discovery) return stored;
  const discovery = scheme.tenant_discovery;
  const what = `the ${Object.keys(discovery.fields).join(', ')} of this ${toolkit.name} account`;
  let answer: unknown;
  try {
    answer = await oauth.getJson(discovery.url, { [discovery.token_header]: `${discovery.token_prefix}${accessToken}` });
  } catch (error) {
    throw new Error(`could not learn ${what} from ${new URL(discovery.url).host}: ${(error as Error).message}`);
  }
  const fields = tenantFields(toolkit);
  const values = { ...stored };
  for (const [name, path] of Object.entries(discovery.fields)) {
    const field = fields.find((f) => f.name === name)!;
    const raw = path
      .split('.')
      .reduce<unknown>((at, key) => (at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined), answer);
    if (typeof raw !== 'string' || raw.trim() === '')
      throw new Error(`${toolkit.name} did not tell the ${field.display_name.toLowerCase()} of this account (no "${path}" in its answer)`);
    const value = raw.trim();
    const problem = tenantValueProblem(field, value);
    // The provider's answer is outside input too: its value becomes part of the API's address.
    if (problem) throw new Error(`${toolkit.name} answered a ${name} that ${problem}; refused`);
    if (stored[name] !== undefined && stored[name].toLowerCase() !== value.toLowerCase())
      throw new Error(`the ${name} given when connecting ("${stored[name]}") is not this account's (${toolkit.name} says "${value}")`);
    values[name] = value;
  }
  return values;
}
