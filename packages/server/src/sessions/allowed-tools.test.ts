import type { SessionConfig, Tool, ToolkitBundle } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { CatalogView } from '../catalog/catalog-view.js';
import { blockedReason, resolveAllowedTools } from './allowed-tools.js';

function tool(slug: string, toolkit: string, tags: string[]): Tool {
  return {
    slug,
    name: slug,
    description: '',
    toolkit,
    input_parameters: { type: 'object', properties: {} },
    output_parameters: {},
    tags,
    version: '1',
    no_auth: false,
    scopes: [],
    binding: { kind: 'http', method: 'GET', path: '/', args: {} },
  };
}

function bundle(slug: string, tools: Tool[]): ToolkitBundle {
  return {
    toolkit: { slug, name: slug, description: '', logo: null, categories: [], auth_schemes: [{ mode: 'NO_AUTH' }], base_url: null, version: '1' },
    tools,
  };
}

const view = new CatalogView(
  [
    bundle('mail', [
      tool('MAIL_READ', 'mail', ['readOnlyHint', 'idempotentHint']),
      tool('MAIL_SEND', 'mail', ['openWorldHint']),
      tool('MAIL_DELETE', 'mail', ['destructiveHint', 'idempotentHint']),
    ]),
    bundle('chat', [tool('CHAT_LIST', 'chat', ['readOnlyHint']), tool('CHAT_POST', 'chat', [])]),
  ],
  [bundle('crm', [tool('CRM_GET', 'crm', ['readOnlyHint'])])],
);

const allowed = (config: Omit<SessionConfig, 'user_id'>) => resolveAllowedTools(view, { user_id: 'u', ...config }).tools.map((t) => t.slug);

describe('resolveAllowedTools precedence', () => {
  it('allows every tool of every visible toolkit (built-in and imported) by default', () => {
    expect(allowed({})).toEqual(['MAIL_READ', 'MAIL_SEND', 'MAIL_DELETE', 'CHAT_LIST', 'CHAT_POST', 'CRM_GET']);
  });

  it('stage 1: the toolkit filter', () => {
    expect(allowed({ toolkits: { enable: ['chat'] } })).toEqual(['CHAT_LIST', 'CHAT_POST']);
    expect(allowed({ toolkits: { disable: ['mail', 'crm'] } })).toEqual(['CHAT_LIST', 'CHAT_POST']);
  });

  it('stage 2: per-toolkit enable and disable narrow only their toolkit', () => {
    expect(allowed({ tools: { mail: { enable: ['MAIL_SEND'] } } })).toEqual(['MAIL_SEND', 'CHAT_LIST', 'CHAT_POST', 'CRM_GET']);
    expect(allowed({ tools: { mail: { disable: ['MAIL_SEND'] } }, toolkits: { enable: ['mail'] } })).toEqual(['MAIL_READ', 'MAIL_DELETE']);
  });

  it('stage 3: per-toolkit tags', () => {
    expect(allowed({ toolkits: { enable: ['mail', 'chat'] }, tools: { mail: { tags: { enable: ['idempotentHint'] } } } })).toEqual([
      'MAIL_READ',
      'MAIL_DELETE',
      'CHAT_LIST',
      'CHAT_POST',
    ]);
    expect(allowed({ toolkits: { enable: ['mail'] }, tools: { mail: { tags: { disable: ['destructiveHint'] } } } })).toEqual(['MAIL_READ', 'MAIL_SEND']);
  });

  it('stage 4: global tags need one enabled tag and none of the disabled, after every earlier stage', () => {
    expect(allowed({ tags: { enable: ['readOnlyHint'] } })).toEqual(['MAIL_READ', 'CHAT_LIST', 'CRM_GET']);
    expect(allowed({ tags: { enable: ['idempotentHint'], disable: ['destructiveHint'] } })).toEqual(['MAIL_READ']);
    // An explicitly enabled tool still has to pass the global tags.
    expect(
      allowed({ tools: { mail: { enable: ['MAIL_DELETE', 'MAIL_READ'] } }, tags: { disable: ['destructiveHint'] }, toolkits: { enable: ['mail'] } }),
    ).toEqual(['MAIL_READ']);
  });

  it('explains which stage blocked a tool', () => {
    const config: SessionConfig = { user_id: 'u', toolkits: { enable: ['mail'] }, tags: { disable: ['destructiveHint'] } };
    expect(blockedReason(view.tool('CHAT_LIST')!, config)).toBe('its toolkit "chat" is not in toolkits.enable');
    expect(blockedReason(view.tool('MAIL_DELETE')!, config)).toBe('it carries the disabled tag destructiveHint (tags)');
    expect(blockedReason(view.tool('MAIL_READ')!, config)).toBeUndefined();
  });

  it('reports toolkits passing the toolkit filter', () => {
    const result = resolveAllowedTools(view, { user_id: 'u', toolkits: { disable: ['chat'] }, tags: { enable: ['openWorldHint'] } });
    expect(result.toolkits).toEqual(['mail', 'crm']);
    expect(result.has('MAIL_SEND')).toBe(true);
    expect(result.has('CRM_GET')).toBe(false);
  });
  it('lists exactly the tools blockedReason lets through, whole toolkits and filtered ones alike', () => {
    const configs: SessionConfig[] = [
      { user_id: 'u' },
      { user_id: 'u', toolkits: { enable: ['mail', 'crm'] } },
      { user_id: 'u', toolkits: { disable: ['chat'] } },
      { user_id: 'u', tools: { mail: { disable: ['MAIL_SEND'] } } },
      { user_id: 'u', tools: { mail: { tags: { enable: ['readOnlyHint'] } } } },
      { user_id: 'u', tags: { disable: ['destructiveHint'] } },
      { user_id: 'u', toolkits: { enable: ['chat'] }, tags: { enable: ['readOnlyHint'] } },
    ] as SessionConfig[];
    const every = [...view.toolkits.values()].flatMap((entry) => entry.tools);
    for (const config of configs) {
      const expected = every.filter((t) => blockedReason(t, config) === undefined).map((t) => t.slug);
      expect(resolveAllowedTools(view, config).tools.map((t) => t.slug)).toEqual(expected);
    }
  });
});
