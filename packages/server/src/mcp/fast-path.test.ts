import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ToolRouterError } from '@toolrouter/core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ExecuteResult, ExecutionService } from '../execution/execution-service.js';
import type { LoadedSession } from '../sessions/session-service.js';
import { answerFast, fastRequestOf } from './fast-path.js';
import { createSessionServer, type SessionRequest, type SessionServerDeps } from './session-server.js';
import type { McpSessionState } from './session-states.js';

/**
 * The fast path must answer exactly as the SDK's transport and server would: every request it
 * accepts is sent through both, and status, headers and body must be byte-equal.
 */
type Outcome = ExecuteResult | ToolRouterError | Error;

function depsAnswering(outcome: Outcome, delayMs = 0): SessionServerDeps {
  const execution = {
    executeLoaded: async () => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  } as unknown as ExecutionService;
  return { execution, log: pino({ level: 'silent' }), version: '0.0.0-test' };
}

const state = {
  tools: [
    {
      name: 'DEMO_GET',
      title: 'Get',
      description: 'Reads "quoted" things — and ü',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      annotations: { title: 'Get', readOnlyHint: true },
    },
  ],
} as unknown as McpSessionState;

function exchange(): SessionRequest {
  return { target: { projectId: 'prj_1', sessionId: 'trs_1' }, loaded: { row: {}, view: {} } as unknown as LoadedSession, state, origin: 'http://127.0.0.1' };
}

const HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '2025-06-18' };

function post(body: unknown, headers: Record<string, string> = HEADERS) {
  return new Request('http://localhost/tool_router/trs_1/mcp', { method: 'POST', headers, body: JSON.stringify(body) });
}

async function viaSdk(deps: SessionServerDeps, body: unknown) {
  const server = createSessionServer(deps, exchange());
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  const response = await transport.handleRequest(post(body), { parsedBody: body });
  const text = await response.text();
  await server.close();
  return { status: response.status, headers: [...response.headers], text };
}

async function viaFastPath(deps: SessionServerDeps, body: unknown, waitMs?: number) {
  const request = fastRequestOf(post(body).headers, body, undefined);
  expect(request).toBeDefined();
  const response = await answerFast(deps, exchange(), request!, waitMs);
  return { status: response.status, headers: [...response.headers], text: await response.text() };
}

const call = (id: string | number, args?: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'DEMO_GET', ...(args ? { arguments: args } : {}) },
});

describe('MCP fast path', () => {
  const outcomes: Array<[string, Outcome]> = [
    ['a result with its log id', { data: { items: [1, 2], note: 'line\nbreak "quoted"' }, error: null, log_id: 'log_abc' }],
    [
      'a larger result (unicode, nesting, escapes)',
      { data: { items: Array.from({ length: 50 }, (_, i) => ({ i, t: `ü ✓ \u2028 \\ "${i}"`, n: null, f: 1.5 })) }, error: null, log_id: 'log_big' },
    ],
    ['a failed call', { data: {}, error: 'The upstream answered 500', log_id: 'log_def' }],
    ['an unknown tool (protocol error)', new ToolRouterError('TOOL_NOT_FOUND', 'No tool DEMO_GET', { suggestedFix: 'Search first.' })],
    ['a refused call (result without log id)', new ToolRouterError('SESSION_NOT_FOUND', 'Session trs_1 not found')],
    ['an unexpected failure', new Error('boom')],
  ];
  for (const [what, outcome] of outcomes) {
    it(`answers tools/call with ${what} byte for byte as the SDK does`, async () => {
      for (const body of [call(7, { id: '42' }), call('req-1'), call(0, {})]) {
        const deps = depsAnswering(outcome);
        expect(await viaFastPath(deps, body)).toEqual(await viaSdk(deps, body));
      }
    });
  }

  it('answers tools/list byte for byte as the SDK does, with and without a cursor', async () => {
    const deps = depsAnswering({ data: {}, error: null, log_id: 'log_x' });
    for (const body of [
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
      { jsonrpc: '2.0', id: 'l', method: 'tools/list', params: {} },
      { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { cursor: 'abc' } },
    ]) {
      expect(await viaFastPath(deps, body)).toEqual(await viaSdk(deps, body));
    }
  });

  it('streams a long call: headers first, then the same event', async () => {
    const deps = depsAnswering({ data: { slow: true }, error: null, log_id: 'log_slow' }, 40);
    const body = call(9);
    expect(await viaFastPath(deps, body, 5)).toEqual(await viaSdk(deps, body));
  });

  it('leaves everything else to the SDK', () => {
    const headers = new Headers(HEADERS);
    const refused: unknown[] = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      [call(1)],
      { ...call(1), extra: true },
      { ...call(1), jsonrpc: '1.0' },
      { ...call(1.5) },
      { ...call(2 ** 60) },
      { ...call(1), id: null },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'DEMO_GET', _meta: { progressToken: 1 } } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'DEMO_GET', task: { ttl: 1000 } } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'DEMO_GET', arguments: [1] } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 7 } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call' },
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 1 } },
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: {} } },
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 1, result: {} },
      null,
      'tools/call',
    ];
    for (const body of refused) expect(fastRequestOf(headers, body, undefined), JSON.stringify(body)).toBeUndefined();

    // Headers the SDK refuses or answers differently, and a client that may be asked for approval.
    const without = (name: string) => new Headers(Object.entries(HEADERS).filter(([k]) => k !== name));
    expect(fastRequestOf(without('accept'), call(1), undefined)).toBeUndefined();
    expect(fastRequestOf(new Headers({ ...HEADERS, accept: 'application/json' }), call(1), undefined)).toBeUndefined();
    expect(fastRequestOf(new Headers({ ...HEADERS, 'content-type': 'text/plain' }), call(1), undefined)).toBeUndefined();
    expect(fastRequestOf(new Headers({ ...HEADERS, 'mcp-protocol-version': '1999-01-01' }), call(1), undefined)).toBeUndefined();
    expect(fastRequestOf(headers, call(1), { protocolVersion: '2025-06-18', elicitation: true })).toBeUndefined();

    // What it does take: no protocol header (the SDK assumes its default), a JSON content type with parameters.
    expect(fastRequestOf(without('mcp-protocol-version'), call(1), undefined)).toMatchObject({ method: 'tools/call', id: 1 });
    expect(fastRequestOf(new Headers({ ...HEADERS, 'content-type': 'application/json; charset=utf-8' }), call(1), undefined)).toBeDefined();
    expect(fastRequestOf(headers, call('x'), { protocolVersion: '2025-06-18', elicitation: false })).toBeDefined();
  });
});
