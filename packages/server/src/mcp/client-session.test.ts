import { describe, expect, it } from 'vitest';
import { declaresFormElicitation, decodeClientSession, encodeClientSession } from './client-session.js';

describe('client session in Mcp-Session-Id', () => {
  it('round-trips and is a valid header value (visible ASCII)', () => {
    const header = encodeClientSession({ protocolVersion: '2025-06-18', elicitation: true });
    expect(header).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeClientSession(header)).toEqual({ protocolVersion: '2025-06-18', elicitation: true });
    expect(encodeClientSession({ protocolVersion: '2025-06-18', elicitation: true })).not.toBe(header);
  });

  it('treats absent, foreign or broken values as unknown', () => {
    expect(decodeClientSession(undefined)).toBeUndefined();
    expect(decodeClientSession('6f1c2e4a-uuid-from-another-server')).toBeUndefined();
    expect(decodeClientSession('trm1.!!!')).toBeUndefined();
    expect(decodeClientSession(`trm1.${'A'.repeat(600)}`)).toBeUndefined();
  });

  it("recognises form elicitation in both revisions' spellings", () => {
    expect(declaresFormElicitation({ elicitation: {} })).toBe(true);
    expect(declaresFormElicitation({ elicitation: { form: {} } })).toBe(true);
    expect(declaresFormElicitation({ elicitation: { url: {} } })).toBe(false);
    expect(declaresFormElicitation({ sampling: {} })).toBe(false);
    expect(declaresFormElicitation(undefined)).toBe(false);
  });
});
