import { describe, expect, it } from 'vitest';
import type { ExecutionLogEntry, Store } from '../../store/store.js';
import { ExecutionLogger, type LogInput } from './execution-logger.js';

/** A store that only keeps what the logger appends. */
function recordingStore() {
  const entries: ExecutionLogEntry[] = [];
  const store = { executionLogs: { append: async (rows: readonly ExecutionLogEntry[]) => void entries.push(...rows) } } as unknown as Store;
  return { store, entries };
}

const input: LogInput = {
  id: 'log_1',
  projectId: 'p',
  sessionId: 's',
  userId: 'u',
  toolSlug: 'T',
  toolkit: 't',
  connectedAccountId: null,
  status: 'error',
  durationMs: 1,
  error: 'provider said: stored-secret-1234 and call-secret-5678',
  arguments: { q: 'stored-secret-1234' },
  result: { echoed: { text: 'call-secret-5678 / stored-secret-1234' } },
  secrets: ['call-secret-5678'],
};
const now = () => new Date('2030-01-01T00:00:00.000Z');

describe('ExecutionLogger', () => {
  it("scrubs the call's secrets and every secret the source knows for the user", async () => {
    const { store, entries } = recordingStore();
    const asked: string[] = [];
    await new ExecutionLogger(store, now, undefined, { forUser: async (p, u) => (asked.push(`${p}/${u}`), ['stored-secret-1234']) }).write(input);
    expect(asked).toEqual(['p/u']);
    expect(JSON.stringify(entries)).not.toMatch(/secret-\d/);
    expect(entries[0]).toMatchObject({ error: 'provider said: [redacted] and [redacted]', arguments: { q: '[redacted]' } });
  });

  it('keeps the entry without its content when the secrets cannot be read', async () => {
    const { store, entries } = recordingStore();
    await new ExecutionLogger(store, now, undefined, { forUser: async () => Promise.reject(new Error('sealed under another key')) }).write(input);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: 'log_1', status: 'error', tool_slug: 'T' });
    expect(JSON.stringify(entries)).not.toMatch(/secret-\d/);
    expect(entries[0]!.error).toMatch(/not logged/);
  });
});
