import type { Tool, ToolkitBundle } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { loadBuiltinCatalog } from './builtin.js';
import type { ToolSource } from './source.js';

const tool = (slug: string, toolkit: string, path: string): Tool => ({
  slug,
  name: slug,
  description: `${slug} tool`,
  toolkit,
  input_parameters: { type: 'object', properties: {} },
  output_parameters: {},
  tags: [],
  version: '1',
  no_auth: false,
  scopes: [],
  binding: { kind: 'http', method: 'GET', path, args: {} },
});

const bundle = (slug: string, over: Partial<ToolkitBundle['toolkit']>, tools: Tool[]): ToolkitBundle => ({
  toolkit: {
    slug,
    name: slug,
    description: '',
    logo: null,
    categories: [],
    auth_schemes: [{ mode: 'BEARER_TOKEN' }],
    base_url: 'https://api.example.com',
    version: '1',
    ...over,
  },
  tools,
});

const source = (bundles: ToolkitBundle[], overlay = false): ToolSource => ({ name: 'test', overlay, load: async () => bundles });

describe('curated toolkits overlay compiled ones', () => {
  const compiled = bundle('mail', { name: 'Mail (compiled)', description: 'From the spec.', logo: '/logos/mail.svg', categories: ['email'], version: '2024' }, [
    tool('MAIL_LIST_LABELS', 'mail', '/v1/labels'),
    tool('MAIL_SEND_EMAIL', 'mail', '/v1/messages/send'),
  ]);
  const curated = bundle('mail', { name: 'Mail', description: 'Hand-written.', version: '1' }, [
    tool('MAIL_SEND_EMAIL', 'mail', '/v1/messages/send'),
    tool('MAIL_REPLY', 'mail', '/v1/messages/send'),
  ]);

  it('merges one toolkit: curated metadata where given, compiled otherwise; curated tools first and replacing', async () => {
    const [merged, ...rest] = await loadBuiltinCatalog([source([compiled]), source([curated], true)]);
    expect(rest).toEqual([]);
    expect(merged!.toolkit).toMatchObject({ name: 'Mail', description: 'Hand-written.', version: '1', logo: '/logos/mail.svg', categories: ['email'] });
    expect(merged!.tools.map((t) => t.slug)).toEqual(['MAIL_SEND_EMAIL', 'MAIL_REPLY', 'MAIL_LIST_LABELS']);
    expect(merged!.tools[0]!.description).toBe(curated.tools[0]!.description);
  });

  it('refuses curated and compiled toolkits whose base URLs differ', async () => {
    const elsewhere = { ...curated, toolkit: { ...curated.toolkit, base_url: 'https://api.example.com/v1' } };
    await expect(loadBuiltinCatalog([source([compiled]), source([elsewhere], true)])).rejects.toThrow(/base_url/);
  });

  it('still refuses a slug defined twice by sources that do not overlay', async () => {
    await expect(loadBuiltinCatalog([source([compiled]), source([compiled])])).rejects.toThrow(/defined twice/);
    await expect(loadBuiltinCatalog([source([compiled]), source([curated], true), source([curated], true)])).rejects.toThrow(/defined twice/);
  });

  it('still refuses a tool slug used by two toolkits', async () => {
    const other = bundle('other', {}, [tool('MAIL_LIST_LABELS', 'other', '/x')]);
    await expect(loadBuiltinCatalog([source([compiled, other])])).rejects.toThrow(/MAIL_LIST_LABELS.*defined twice/);
  });
});
