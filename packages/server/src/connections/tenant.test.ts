import type { Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { pickTenantValues, resolveTenantUrl, tenantFields, tenantOriginSource, toolkitForTenant } from './tenant.js';

const zendesk: Toolkit = {
  slug: 'zendesk',
  name: 'Zendesk',
  description: '',
  logo: null,
  categories: [],
  auth_schemes: [
    {
      mode: 'OAUTH2',
      authorization_url: 'https://{subdomain}.zendesk.com/oauth/authorizations/new',
      token_url: 'https://{subdomain}.zendesk.com/oauth/tokens',
      scopes: {},
      default_scopes: [],
      grants: ['authorization_code'],
      pkce: true,
      scope_separator: ' ',
    },
  ],
  base_url: 'https://{subdomain}.zendesk.com',
  version: '1',
};

describe('tenant values', () => {
  it('describes the placeholders a toolkit uses, declared or well known', () => {
    expect(tenantFields(zendesk).map((f) => f.name)).toEqual(['subdomain']);
    const declared = { ...zendesk, tenant_fields: [{ name: 'subdomain', display_name: 'Account', description: 'The account name.', pattern: '[a-z]+' }] };
    expect(tenantFields(declared)).toEqual(declared.tenant_fields);
    expect(tenantFields({ ...zendesk, auth_schemes: [{ mode: 'NO_AUTH' }], base_url: 'https://api.example.com' })).toEqual([]);
  });

  it('substitutes checked values, and refuses anything that is not one host label', () => {
    expect(toolkitForTenant(zendesk, { subdomain: 'acme' }).base_url).toBe('https://acme.zendesk.com');
    for (const hostile of ['evil.com/', 'a.b', 'a@b', 'x:1', '-x', 'a b', '']) {
      expect(() => resolveTenantUrl(zendesk.base_url!, zendesk, { subdomain: hostile }), hostile).toThrow();
    }
    expect(() => resolveTenantUrl(zendesk.base_url!, zendesk, {})).toThrow(/needs the Subdomain/);
    expect(() => pickTenantValues(zendesk, { subdomain: 'evil.com' }, 'connection.data.')).toThrow(/connection\.data\.subdomain/);
    // A declared pattern narrows further; it cannot widen past one label.
    const strict = { ...zendesk, tenant_fields: [{ name: 'subdomain', display_name: 'Account', description: 'x', pattern: '.*' }] };
    expect(() => pickTenantValues(strict, { subdomain: 'a.evil.com' }, '')).toThrow();
    expect(pickTenantValues(strict, { subdomain: 'acme', other: 'ignored' }, '')).toEqual({ subdomain: 'acme' });
  });

  it('gives the CSP source that covers every tenant of an authorize URL', () => {
    expect(tenantOriginSource('https://{subdomain}.zendesk.com/oauth/authorizations/new')).toBe('https://*.zendesk.com');
    expect(tenantOriginSource('https://auth.atlassian.com/authorize')).toBe('https://auth.atlassian.com');
    expect(tenantOriginSource('https://api.{dc}.example.com/x')).toBeUndefined();
  });
});
