import { describe, expect, it } from 'vitest';
import { markdownRequests } from './googledocs.js';

describe('markdownRequests', () => {
  it('inserts the plain text once and styles headings and list lines by their UTF-16 ranges', () => {
    expect(markdownRequests('# Plan\n- ship 🚀\n1. test\nDone', 1)).toEqual([
      { insertText: { location: { index: 1 }, text: 'Plan\nship 🚀\ntest\nDone\n' } },
      { updateParagraphStyle: { range: { startIndex: 1, endIndex: 6 }, paragraphStyle: { namedStyleType: 'HEADING_1' }, fields: 'namedStyleType' } },
      { createParagraphBullets: { range: { startIndex: 6, endIndex: 14 }, bulletPreset: 'BULLET_DISC_CIRCLE_SQUARE' } },
      { createParagraphBullets: { range: { startIndex: 14, endIndex: 19 }, bulletPreset: 'NUMBERED_DECIMAL_ALPHA_ROMAN' } },
    ]);
  });
});
