import { describe, expect, it } from 'vitest';
import { schemaJsonLength, searchResponseBody } from './response-json.js';

describe('searchResponseBody', () => {
  const schema = { type: 'object', properties: { owner: { type: 'string', description: 'Owner "login" \u2028 ✓ \ud83d\ude00 \ud800' } }, required: ['owner'] };

  it('is exactly the UTF-8 of JSON.stringify of the response, schemas included', () => {
    const response = {
      success: true,
      error: null,
      results: [{ index: 1, use_case: 'list "open" issues ✓\n', primary_tool_slugs: ['GH_LIST'], skipped: undefined }],
      tool_schemas: {
        GH_LIST: { tool_slug: 'GH_LIST', toolkit: 'github', description: 'List issues ✓', hasFullSchema: true, input_schema: schema },
        // An integer-like key comes first in both.
        '42': { tool_slug: '42', toolkit: 'x', description: undefined, hasFullSchema: true, input_schema: { type: 'object' } },
        GH_BIG: {
          tool_slug: 'GH_BIG',
          toolkit: 'github',
          description: 'Big',
          hasFullSchema: false,
          schemaRef: { tool: 'COMPOSIO_GET_TOOL_SCHEMAS', args: { tool_slugs: ['GH_BIG'] }, message: 'fetch it' },
        },
      },
      toolkit_connection_statuses: [{ toolkit: 'github', connection_details: {}, accounts: [] }],
      dropped: () => 1,
      session: { id: 'wf_1', generate_id: false },
      time_info: { current_time_utc: '2026-01-01T00:00:00.000Z', current_time_utc_epoch_seconds: 1767225600 },
    };
    expect(searchResponseBody(response).equals(Buffer.from(JSON.stringify(response), 'utf8'))).toBe(true);
    expect(searchResponseBody({ tool_schemas: {} }).toString()).toBe('{"tool_schemas":{}}');
  });

  it('takes a schema from its first serialisation, and counts its length in characters', () => {
    const own = { type: 'object', description: '✓', properties: {} as Record<string, unknown> };
    const first = JSON.stringify(own);
    expect(schemaJsonLength(own)).toBe(first.length);
    // Catalog schemas are never modified; the remembered text shows that it is the one used.
    own.properties.late = { type: 'string' };
    expect(schemaJsonLength(own)).toBe(first.length);
    const body = searchResponseBody({ tool_schemas: { T: { tool_slug: 'T', input_schema: own } } });
    expect(body.toString('utf8')).toBe(`{"tool_schemas":{"T":{"tool_slug":"T","input_schema":${first}}}}`);
  });

  it('remembers a full-schema entry up to its schema, and makes it again when the entry says something else', () => {
    const shared = { type: 'object', properties: { q: { type: 'string' } } };
    const entry = (slug: string, description: string | undefined) => ({
      tool_slug: slug,
      toolkit: 'kit',
      description,
      hasFullSchema: true,
      input_schema: shared,
    });
    const bodies = [
      { tool_schemas: { A: entry('A', 'First ✓ "quoted"') } },
      { tool_schemas: { A: entry('A', 'First ✓ "quoted"') } },
      // The same schema object under another slug and description, then without a description.
      { tool_schemas: { B: entry('B', 'Second'), A: entry('A', 'First ✓ "quoted"') } },
      { tool_schemas: { B: entry('B', undefined) } },
      // Another shape (an extra key) is serialised member by member.
      { tool_schemas: { C: { ...entry('C', 'Third'), extra: [1, 2] } } },
    ];
    for (const body of bodies) expect(searchResponseBody(body).toString('utf8')).toBe(JSON.stringify(body));
  });
});
