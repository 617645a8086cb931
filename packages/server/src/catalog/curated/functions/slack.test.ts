import type { Tool, Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { type ProviderClient, ProviderFailure, type ProviderRequest } from '../../../execution/backends/provider-client.js';
import { sendMessage } from './slack.js';
import { ToolInputError } from './types.js';

function run(args: Record<string, unknown>, answer: (r: ProviderRequest) => unknown) {
  const requests: ProviderRequest[] = [];
  const api = { json: async (r: ProviderRequest) => (requests.push(r), answer(r)) } as unknown as ProviderClient;
  const result = sendMessage({ args, api, tool: {} as Tool, toolkit: {} as Toolkit, now: () => new Date() });
  return { result, requests };
}

describe('slack.send_message', () => {
  it('finds a channel by name across pages, then posts to its id', async () => {
    const { result, requests } = run({ channel: '#General', text: 'Deploy done' }, (r) => {
      if (r.path === '/api/conversations.list') {
        return r.query?.['cursor'] === undefined
          ? { ok: true, channels: [{ id: 'C1', name: 'random' }], response_metadata: { next_cursor: 'p2' } }
          : { ok: true, channels: [{ id: 'C2', name: 'general' }], response_metadata: { next_cursor: '' } };
      }
      return { ok: true, channel: 'C2', ts: '1.2', message: { text: 'Deploy done' } };
    });
    expect(await result).toEqual({ ok: true, channel: 'C2', ts: '1.2', text: 'Deploy done' });
    expect(requests.map((r) => r.path)).toEqual(['/api/conversations.list', '/api/conversations.list', '/api/chat.postMessage']);
    expect(requests[2]).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: { channel: 'C2', text: 'Deploy done' } });
  });

  it('posts to an id directly, and turns Slack ok:false and unknown names into errors', async () => {
    const direct = run({ channel: 'C0123456', text: 'hi' }, () => ({ ok: false, error: 'not_in_channel' }));
    await expect(direct.result).rejects.toBeInstanceOf(ProviderFailure);
    await expect(direct.result).rejects.toThrow(/Slack refused chat.postMessage: not_in_channel/);
    expect(direct.requests).toHaveLength(1);
    const missing = run({ channel: 'nowhere', text: 'hi' }, () => ({ ok: true, channels: [] }));
    await expect(missing.result).rejects.toBeInstanceOf(ToolInputError);
  });
});
