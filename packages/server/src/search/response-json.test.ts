import { describe, expect, it } from 'vitest';
import { schemaJson, searchResponseJson } from './response-json.js';

describe('searchResponseJson', () => {
  const schema = { type: 'object', properties: { owner: { type: 'string', description: 'Owner "login" \u2028 ✓' } }, required: ['owner'] };

  it('is exactly JSON.stringify of the response, schemas included', () => {
    const response = {
      success: true,
      error: null,
      results: [{ index: 1, use_case: 'list "open" issues\n', primary_tool_slugs: ['GH_LIST'], skipped: undefined }],
      tool_schemas: {
        GH_LIST: { tool_slug: 'GH_LIST', toolkit: 'github', description: 'List issues', hasFullSchema: true, input_schema: schema },
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
    expect(searchResponseJson(response)).toBe(JSON.stringify(response));
  });

  it('takes a schema text from the first serialisation of that schema object', () => {
    const own = { type: 'object', properties: {} as Record<string, unknown> };
    const first = schemaJson(own);
    expect(first).toBe(JSON.stringify(own));
    // Catalog schemas are never modified; the remembered text shows that it is the one used.
    own.properties.late = { type: 'string' };
    expect(schemaJson(own)).toBe(first);
    const response = { tool_schemas: { T: { tool_slug: 'T', input_schema: own } } };
    expect(searchResponseJson(response)).toBe(`{"tool_schemas":{"T":{"tool_slug":"T","input_schema":${first}}}}`);
  });
});
