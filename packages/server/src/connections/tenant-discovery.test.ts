import { ToolkitSchema } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { discoveredFieldNames, tenantFieldsToAsk } from './tenant-discovery.js';

const discovery = { url: 'https://login.example.com/metadata', token_prefix: 'OAuth ', fields: { dc: 'dc' } };
const oauth = { mode: 'OAUTH2', authorization_url: 'https://login.example.com/authorize', token_url: 'https://login.example.com/token' };
const toolkit = (schemes: unknown[], extra: Record<string, unknown> = {}) =>
  ToolkitSchema.safeParse({ slug: 'mc', name: 'MC', version: '1', base_url: 'https://{dc}.api.example.com', auth_schemes: schemes, ...extra });

describe('tenant_discovery in the toolkit format', () => {
  it('is accepted on an OAuth2 scheme for a tenant field of the base URL, with defaults for the token header', () => {
    const parsed = toolkit([{ ...oauth, tenant_discovery: discovery }, { mode: 'BASIC' }]);
    expect(parsed.success).toBe(true);
    expect(parsed.data!.auth_schemes[0]).toMatchObject({ tenant_discovery: { token_header: 'Authorization', token_prefix: 'OAuth ', fields: { dc: 'dc' } } });
    const [first, second] = parsed.data!.auth_schemes;
    expect([...discoveredFieldNames(first)]).toEqual(['dc']);
    // Only the scheme that discovers a value skips asking for it.
    expect(tenantFieldsToAsk(parsed.data!, first, {}).map((f) => f.name)).toEqual([]);
    expect(tenantFieldsToAsk(parsed.data!, second, {}).map((f) => f.name)).toEqual(['dc']);
  });

  it('refuses what cannot work: an unknown field, one the OAuth URLs need first, a templated or relative URL, a bad path, no fields', () => {
    const problems = (schemes: unknown[], extra?: Record<string, unknown>) =>
      toolkit(schemes, extra).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, fields: { region: 'dc' } } }])).toEqual([
      'auth_schemes.0.tenant_discovery.fields.region: "region" is not a tenant field of this toolkit (declare it, or use it in base_url)',
    ]);
    expect(problems([{ ...oauth, token_url: 'https://{dc}.example.com/token', tenant_discovery: discovery }])[0]).toContain(
      'needed by the authorize or token URL',
    );
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, url: 'https://{dc}.example.com/meta' } }])[0]).toContain('without {placeholders}');
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, url: '/metadata' } }])).not.toEqual([]);
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, fields: { dc: 'a..b' } } }])[0]).toContain('dotted path');
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, fields: {} } }])[0]).toContain('at least one tenant field');
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, token_header: 'Bad Header' } }])[0]).toContain('HTTP header name');
    // Declared tenant fields count as well as base-URL placeholders.
    const declared = [{ name: 'region', display_name: 'Region', description: 'Region.', pattern: '[a-z]+' }];
    expect(problems([{ ...oauth, tenant_discovery: { ...discovery, fields: { region: 'r' } } }], { tenant_fields: declared })).toEqual([]);
  });
});
