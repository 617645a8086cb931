import { describe, expect, it } from 'vitest';
import { annotationsFrom, callResultFrom, envelopeTextOf, toolFailure } from './tool-mapping.js';

describe('MCP tool mapping', () => {
  it('claims no hint for an untagged tool, and all four once any hint tag is present', () => {
    expect(annotationsFrom('Plain', ['important'])).toEqual({ title: 'Plain' });
    expect(annotationsFrom('Delete', ['destructiveHint', 'idempotentHint'])).toEqual({
      title: 'Delete',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    });
  });

  it('turns an execute result into JSON text plus the same structured content', () => {
    const ok = callResultFrom({ data: { n: 1 }, error: null, log_id: 'log_1' });
    expect(ok.isError).toBe(false);
    expect(ok.structuredContent).toEqual({ data: { n: 1 }, error: null, successful: true });
    expect(JSON.parse((ok.content[0] as { text: string }).text)).toEqual(ok.structuredContent);
    const failed = callResultFrom({ data: {}, error: 'boom', log_id: 'log_2' });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toEqual({ data: {}, error: 'boom', successful: false });
  });

  it('keeps each result envelope as exactly the JSON of its structured content (the fast path embeds it)', () => {
    for (const result of [callResultFrom({ data: { s: 'ü \u2028 "q"', n: [1, { m: null }] }, error: null, log_id: 'log_3' }), toolFailure('no')]) {
      const text = envelopeTextOf(result);
      expect(text).toBe(JSON.stringify(result.structuredContent));
      expect(text).toBe((result.content[0] as { text: string }).text);
    }
    expect(envelopeTextOf({ content: [] })).toBeUndefined();
  });
});
