import { type TenantField, type Toolkit, ToolRouterError } from '@toolrouter/core';
import type { OAuthApp } from './oauth2/oauth-client.js';

/**
 * Tenant-host toolkits: APIs that live on a host of the customer's own (`https://{subdomain}.zendesk.com`,
 * `https://{shop}.myshopify.com`) or under a per-site path (`/ex/jira/{cloudId}`). The toolkit
 * declares the values its URLs need; the end user gives them when connecting; they are stored with
 * the account (public state, key `tenant`) and substituted into the URLs of every call and of the
 * OAuth flow. A value is checked twice: against the field's own pattern, and against one DNS label,
 * so that no value (`evil.com/`, `a@b`, `x.y`) can ever make a URL name another host.
 */

/** One DNS label: letters, digits and '-', not at either end, at most 63 characters. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const LABEL_PATTERN = DNS_LABEL.source.slice(1, -1);

/** Placeholders whose meaning is the same in every toolkit that uses them; a toolkit may still declare its own. */
const WELL_KNOWN: Record<string, Omit<TenantField, 'name'>> = {
  subdomain: {
    display_name: 'Subdomain',
    description: 'The subdomain of your account: the "acme" of acme.zendesk.com.',
    pattern: LABEL_PATTERN,
  },
  shop: {
    display_name: 'Shop name',
    description: 'The name of your store: the "acme" of acme.myshopify.com.',
    pattern: LABEL_PATTERN,
  },
  instance: {
    display_name: 'My Domain name',
    description: 'The My Domain name of your org: the "acme" of acme.my.salesforce.com.',
    pattern: LABEL_PATTERN,
  },
  site: {
    display_name: 'Site name',
    description: 'The name of your site: the "acme" of acme.atlassian.net.',
    pattern: LABEL_PATTERN,
  },
  cloudId: {
    display_name: 'Cloud id',
    description: 'The cloud id of your Atlassian site (a UUID; https://api.atlassian.com/oauth/token/accessible-resources lists it).',
    pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  },
  dc: {
    display_name: 'Data centre',
    description: 'The data-centre prefix of your account, such as us21 (the end of a Mailchimp API key).',
    pattern: '[a-z]{2}[0-9]{1,3}',
  },
};

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const HAS_PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9_]*\}/;

/** The URLs of a toolkit that may carry placeholders. */
function templatedUrls(toolkit: Toolkit): string[] {
  const urls = toolkit.base_url ? [toolkit.base_url] : [];
  for (const scheme of toolkit.auth_schemes) {
    if (scheme.mode !== 'OAUTH2') continue;
    urls.push(scheme.token_url, ...(scheme.authorization_url ? [scheme.authorization_url] : []), ...(scheme.refresh_url ? [scheme.refresh_url] : []));
  }
  // URLs hold placeholders percent-encoded once parsed (z.url() keeps the text, but be safe).
  return urls.map((u) => u.replace(/%7B/gi, '{').replace(/%7D/gi, '}'));
}

/** The tenant values a toolkit needs: its declared fields, plus a described field for any other placeholder. */
export function tenantFields(toolkit: Toolkit): TenantField[] {
  const declared = toolkit.tenant_fields ?? [];
  const names = new Set<string>();
  for (const url of templatedUrls(toolkit)) for (const m of url.matchAll(PLACEHOLDER)) names.add(m[1]!);
  const fields = [...declared];
  for (const name of names) {
    if (declared.some((f) => f.name === name)) continue;
    fields.push({
      name,
      ...(WELL_KNOWN[name] ?? { display_name: name, description: `The value of {${name}} in ${toolkit.name}'s API address.`, pattern: LABEL_PATTERN }),
    });
  }
  return fields;
}

/** Whether `value` is acceptable for `field` (its pattern, matched whole, and one DNS label). */
export function tenantValueProblem(field: TenantField, value: string): string | undefined {
  if (!DNS_LABEL.test(value)) return `must be one host label (letters, digits and '-', at most 63 characters)`;
  let own: RegExp;
  try {
    own = new RegExp(`^(?:${field.pattern})$`, 'i');
  } catch {
    return 'cannot be checked: the toolkit declares an invalid pattern';
  }
  return own.test(value) ? undefined : `does not look like a ${field.display_name.toLowerCase()} (${field.description})`;
}

/**
 * Picks a toolkit's tenant values out of what a caller sent (`connection.state.val`, `connection.data`,
 * a Connect Link form), checks every one strictly and throws VALIDATION_FAILED naming the field
 * (`at` + name) of each bad value. Values the toolkit does not need are ignored; missing ones are
 * left for the Connect Link page to ask for.
 */
export function pickTenantValues(toolkit: Toolkit, sent: Record<string, unknown>, at: string): Record<string, string> {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const field of tenantFields(toolkit)) {
    const raw = sent[field.name];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = typeof raw === 'string' ? raw.trim() : '';
    const problem = typeof raw !== 'string' ? 'must be a string' : tenantValueProblem(field, value);
    if (problem) problems.push(`${at}${field.name}: ${problem}`);
    else values[field.name] = value;
  }
  if (problems.length > 0) {
    throw new ToolRouterError('VALIDATION_FAILED', problems[0]!, {
      errors: problems,
      suggestedFix: `Give ${toolkit.name}'s ${tenantFields(toolkit)
        .map((f) => f.name)
        .join(', ')} as the plain name from its address (e.g. "acme"), nothing else.`,
    });
  }
  return values;
}

/** The tenant values stored with an account (see `tenantState`). */
export function storedTenantValues(publicState: Record<string, unknown>): Record<string, string> {
  const stored = publicState['tenant'];
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The part of an account's public state that holds its tenant values (kept across re-connects and refreshes). */
export function tenantState(values: Record<string, string>): { tenant?: Record<string, string> } {
  return Object.keys(values).length > 0 ? { tenant: values } : {};
}

/** Names of the toolkit's tenant fields that `values` does not give. */
export function missingTenantFields(toolkit: Toolkit, values: Record<string, string>): TenantField[] {
  return tenantFields(toolkit).filter((f) => values[f.name] === undefined);
}

/**
 * `template` with every `{name}` replaced by its tenant value, each checked again here (values come
 * from the database, and a check at the point of use is the one that counts). The host of the result
 * must be the template's host with the same substitution, so nothing in a value can move a request
 * to another host. Throws NO_ACTIVE_CONNECTION when a value is missing (the account must be connected
 * again, giving it).
 */
export function resolveTenantUrl(template: string, toolkit: Toolkit, values: Record<string, string>): string {
  const text = template.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  if (!HAS_PLACEHOLDER.test(text)) return template;
  const fields = tenantFields(toolkit);
  const resolved = text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    const field = fields.find((f) => f.name === name);
    if (value === undefined || !field) {
      throw new ToolRouterError(
        'NO_ACTIVE_CONNECTION',
        `${toolkit.name} needs the ${field?.display_name ?? name} of your account, and this connection has none`,
        {
          suggestedFix: `Connect ${toolkit.name} again (COMPOSIO_MANAGE_CONNECTIONS with reinitiate_all true) and give its ${name} on the connect page.`,
        },
      );
    }
    const problem = tenantValueProblem(field, value);
    if (problem)
      throw new ToolRouterError('VALIDATION_FAILED', `The stored ${name} of this ${toolkit.name} connection ${problem}`, { errors: [`${name}: ${problem}`] });
    return value;
  });
  const expectedHost = new URL(text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '')).host;
  if (new URL(resolved).host !== expectedHost) throw new Error(`tenant substitution changed the host of ${template}`);
  return resolved;
}

/** The toolkit as one account sees it: base URL with the account's tenant values in place. */
export function toolkitForTenant(toolkit: Toolkit, values: Record<string, string>): Toolkit {
  if (!toolkit.base_url || !HAS_PLACEHOLDER.test(toolkit.base_url.replace(/%7B/gi, '{').replace(/%7D/gi, '}'))) return toolkit;
  return { ...toolkit, base_url: resolveTenantUrl(toolkit.base_url, toolkit, values) };
}

/** An OAuth client with the account's tenant values in its authorize and token URLs (the toolkit's, or the operator's). */
export function appForTenant(app: OAuthApp, toolkit: Toolkit, values: Record<string, string>): OAuthApp {
  return {
    ...app,
    token_url: resolveTenantUrl(app.token_url, toolkit, values),
    authorization_url: app.authorization_url === undefined ? undefined : resolveTenantUrl(app.authorization_url, toolkit, values),
  };
}

/**
 * A CSP source covering every tenant's version of `template`'s origin: `https://*.zendesk.com` for
 * `https://{subdomain}.zendesk.com/…`, the plain origin when the placeholders sit in the path.
 * Undefined when a placeholder is somewhere a CSP wildcard cannot stand for (not the first label).
 */
export function tenantOriginSource(template: string): string | undefined {
  const text = template.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  const marker = 'tenant-placeholder';
  let url: URL;
  try {
    url = new URL(text.replace(PLACEHOLDER, marker));
  } catch {
    return undefined;
  }
  const labels = url.hostname.split('.');
  if (!labels.some((l) => l.includes(marker))) return url.origin;
  if (labels[0] !== marker || labels.slice(1).some((l) => l.includes(marker))) return undefined;
  return `${url.protocol}//*.${labels.slice(1).join('.')}${url.port ? `:${url.port}` : ''}`;
}
