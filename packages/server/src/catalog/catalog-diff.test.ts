import type { ToolkitBundle } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { diffCatalogs, formatCatalogDiff } from './catalog-diff.js';

const bundle = (toolkit: Partial<ToolkitBundle['toolkit']> = {}): ToolkitBundle => ({
  toolkit: {
    slug: 'acme',
    name: 'Acme',
    description: 'The Acme API.',
    logo: null,
    categories: [],
    auth_schemes: [{ mode: 'BASIC' }],
    base_url: 'https://{tenant}.acme.example',
    version: '1',
    ...toolkit,
  },
  tools: [],
});

describe('catalog diff', () => {
  it('names a change of the tenant fields a connection is asked for', () => {
    const field = { name: 'tenant', display_name: 'Tenant', description: 'Your tenant.', pattern: '[a-z]+' };
    const diff = diffCatalogs([bundle()], [bundle({ tenant_fields: [field] })]);
    expect(diff.changed).toEqual([{ slug: 'acme', fields: ['tenant_fields'], tools: { added: [], removed: [], changed: [] } }]);
    expect(formatCatalogDiff(diff)).toContain('  acme (tenant_fields)');
    // Declaring none is the same as an empty list.
    expect(diffCatalogs([bundle()], [bundle({ tenant_fields: [] })]).changed).toEqual([]);
  });
});
