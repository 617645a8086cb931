import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Tool } from '@toolrouter/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppliedAuth } from '../../src/connections/credentials.js';
import { builtinCatalog, startTestApi, type TestApi } from '../harness.js';
import { pointedAt } from './curated-origins.js';
import { FixedCredentials } from './echo-server.js';

/**
 * For toolkits whose vendor publishes no usable OpenAPI description: each curated tool is run
 * through a session against a loopback server standing in for the provider, and the requests it
 * sends are compared with a recorded contract - the method, path, query and body the vendor's API
 * reference documents for that call. The server answers with the documented example responses,
 * and the shaped result is checked too.
 */
const BASE = '/api/v3.1/tool_router/session';

export interface RecordedRequest {
  method: string;
  /** Path from the API's origin, without the query string. */
  path: string;
  /** Every query parameter (repeated ones as arrays); omitted means none. */
  query?: Record<string, string | string[]>;
  /** The parsed body: JSON, or form fields; omitted means no body. */
  body?: unknown;
  /** Headers that must be present with these values (lower-case names). */
  headers?: Record<string, string>;
}

export interface ContractCase {
  args: Record<string, unknown>;
  requests: RecordedRequest[];
  /** The provider's answers, in order (default: `{}` with 200). */
  responses?: Array<{ status?: number; body: unknown }>;
  /** The shaped result the tool must return (compared exactly), or a check. */
  result?: Record<string, unknown> | ((data: Record<string, unknown>) => void);
}

export interface ContractOptions {
  toolkit: string;
  /** Only these tools (the rest are checked elsewhere, e.g. against a description with Prism). */
  only?: boolean;
  auth: AppliedAuth;
  cases: Record<string, ContractCase>;
}

interface Seen {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  headers: IncomingMessage['headers'];
}

const isCurated = (tool: Tool) => tool.binding.kind === 'template' || tool.binding.kind === 'function';

function parseBody(text: string, type: string | undefined): unknown {
  if (text === '') return undefined;
  if ((type ?? '').includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

export function curatedContractSuite(options: ContractOptions): void {
  let api: TestApi;
  let server: Server;
  let session: string;
  let toolSlugs: string[] = [];
  const seen: Seen[] = [];
  let answers: Array<{ status?: number; body: unknown }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://provider.test');
        seen.push({
          method: req.method ?? '',
          path: url.pathname,
          query: queryOf(url),
          body: parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']),
          headers: req.headers,
        });
        const answer = answers.shift() ?? { body: {} };
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const builtin = (await builtinCatalog()).map((b) => (b.toolkit.slug === options.toolkit ? pointedAt(b, origin) : b));
    toolSlugs = builtin
      .find((b) => b.toolkit.slug === options.toolkit)!
      .tools.filter(isCurated)
      .map((t) => t.slug);
    api = await startTestApi({ builtin, egressAllow: ['127.0.0.1'], wiring: { credentials: new FixedCredentials(options.auth) } });
    session = (await api.call('POST', BASE, { user_id: 'u', toolkits: [options.toolkit] })).json.session_id;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  if (!options.only) {
    it('every curated tool has a recorded contract', () => {
      expect(Object.keys(options.cases).sort()).toEqual([...toolSlugs].sort());
    });
  }

  it('every curated tool sends the documented requests and shapes the documented answers', async () => {
    const failures: string[] = [];
    for (const [slug, testCase] of Object.entries(options.cases)) {
      seen.length = 0;
      answers = [...(testCase.responses ?? [])];
      const res = await api.call('POST', `${BASE}/${session}/execute`, { tool_slug: slug, arguments: testCase.args });
      try {
        expect(res.status).toBe(200);
        expect(res.json.error, JSON.stringify(res.json.data).slice(0, 300)).toBeNull();
        expect(seen.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual(
          testCase.requests.map((r) => ({ method: r.method, path: r.path, query: r.query ?? {}, body: r.body })),
        );
        testCase.requests.forEach((r, i) => {
          for (const [name, value] of Object.entries(r.headers ?? {})) expect(seen[i]?.headers[name], `${name} header`).toBe(value);
        });
        if (typeof testCase.result === 'function') testCase.result(res.json.data);
        else if (testCase.result !== undefined) expect(res.json.data).toEqual(testCase.result);
      } catch (error) {
        const sent = JSON.stringify(seen.map(({ method, path, query, body }) => ({ method, path, query, body })));
        failures.push(`${slug}: ${String(error).slice(0, 300)}; sent ${sent.slice(0, 1500)}; returned ${JSON.stringify(res.json).slice(0, 600)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
}
