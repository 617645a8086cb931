import type { Tool, Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { type CuratedFunction, ToolInputError } from '../../catalog/curated/functions/index.js';
import type { GuardedFetch, GuardedRequestInit, GuardedResponse } from '../../net/index.js';
import type { BackendCall } from './backend.js';
import { FunctionBackend, TemplateBackend } from './curated-backends.js';

/** A provider that answers from a script and records what it was sent. */
function provider(answers: Array<{ status: number; body: unknown }>) {
  const sent: Array<{ url: string; init: GuardedRequestInit | undefined }> = [];
  const http: GuardedFetch = async (url, init) => {
    sent.push({ url: String(url), init });
    const answer = answers.shift() ?? { status: 200, body: {} };
    const text = JSON.stringify(answer.body);
    const response: GuardedResponse = {
      status: answer.status,
      statusText: '',
      ok: answer.status >= 200 && answer.status < 300,
      headers: new Headers({ 'content-type': 'application/json' }),
      url: String(url),
      redirected: false,
      body: Buffer.from(text),
      text: () => text,
      json: <T>() => JSON.parse(text) as T,
    };
    return response;
  };
  return { http, sent };
}

const toolkit = { slug: 'demo', base_url: 'https://api.demo.test', auth_schemes: [] } as unknown as Toolkit;
function call(binding: Tool['binding'], args: Record<string, unknown> = {}): BackendCall {
  const tool = { slug: 'DEMO_TOOL', binding, input_parameters: { type: 'object', properties: { channel: { default: 'C1' } } } } as unknown as Tool;
  return {
    tool,
    toolkit,
    arguments: args,
    credentials: { connectedAccountId: 'ca_1', auth: { mode: 'BEARER_TOKEN', token: 'secret-token' } },
    egressAllow: [],
    timeoutMs: 5_000,
  } as unknown as BackendCall;
}
const template = (fields: Record<string, unknown>) =>
  ({ kind: 'template', method: 'POST', path: '/x', query: {}, headers: {}, content_type: 'application/json', ...fields }) as Tool['binding'];

describe('TemplateBackend', () => {
  it('reports a failure the provider puts inside a 2xx answer, and applies credentials after template headers', async () => {
    const { http, sent } = provider([{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
    const outcome = await new TemplateBackend(http).run(
      call(template({ headers: { Authorization: '"Bearer forged"' }, body: '{"channel": channel}', error: 'ok = false ? error' })),
    );
    expect(outcome.error).toBe('DEMO_TOOL failed: channel_not_found');
    expect((sent[0]!.init!.headers as Record<string, string>)['authorization']).toBe('Bearer secret-token');
    expect(sent[0]?.init?.body).toBe('{"channel":"C1"}'); // the schema default filled the argument
  });

  it('returns the provider error unshaped and flags a 401 for renewal', async () => {
    const { http } = provider([{ status: 401, body: { message: 'expired' } }]);
    const outcome = await new TemplateBackend(http).run(call(template({ response: '{"id": id}' })));
    expect(outcome).toMatchObject({ unauthorized: true, data: { status_code: 401, body: { message: 'expired' } } });
    expect(outcome.error).toMatch(/^401/);
  });
});

describe('FunctionBackend', () => {
  const functions = new Map<string, CuratedFunction>([
    ['demo.two_steps', async ({ api }) => ({ first: await api.json({ method: 'GET', path: '/a' }), second: await api.json({ method: 'GET', path: '/b' }) })],
    [
      'demo.picky',
      async () => {
        throw new ToolInputError('give a or b');
      },
    ],
  ]);

  it('runs several requests with the credentials and returns what the function shapes', async () => {
    const { http, sent } = provider([
      { status: 200, body: { n: 1 } },
      { status: 200, body: { n: 2 } },
    ]);
    const outcome = await new FunctionBackend(http, functions).run(call({ kind: 'function', name: 'demo.two_steps' }));
    expect(outcome).toEqual({ data: { first: { n: 1 }, second: { n: 2 } }, error: null });
    expect(sent.map((s) => s.url)).toEqual(['https://api.demo.test/a', 'https://api.demo.test/b']);
    expect(sent.every((s) => (s.init!.headers as Record<string, string>)['authorization'] === 'Bearer secret-token')).toBe(true);
    expect(sent.every((s) => s.init?.allowedHosts?.[0] === 'https://api.demo.test')).toBe(true);
  });

  it('stops at the first provider error, flags 401, and reports bad arguments and unknown functions readably', async () => {
    const { http, sent } = provider([{ status: 401, body: {} }]);
    const denied = await new FunctionBackend(http, functions).run(call({ kind: 'function', name: 'demo.two_steps' }));
    expect(denied).toMatchObject({ unauthorized: true });
    expect(sent).toHaveLength(1);
    const picky = await new FunctionBackend(http, functions).run(call({ kind: 'function', name: 'demo.picky' }));
    expect(picky.error).toBe('Invalid arguments for DEMO_TOOL: give a or b.');
    const unknown = await new FunctionBackend(http, functions).run(call({ kind: 'function', name: 'demo.nope' }));
    expect(unknown.error).toMatch(/names the function "demo.nope", which this server does not have/);
  });
});
