import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../src/execution/concurrency.js';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec } from './helpers/echo-server.js';

/**
 * Fuzzing the execution endpoints: malformed bodies and schema-invalid arguments, seeded so a
 * failure can be replayed. Nothing may produce a 5xx, and every answer must be one of our two
 * shapes (the execute envelope or the error envelope). No account is connected, so no call
 * leaves the machine.
 */
const CASES = 1_200;
const BASE = '/api/v3.1/tool_router/session';
let api: TestApi;
let sessionId: string;
let slugs: string[];

beforeAll(async () => {
  api = await startTestApi();
  await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec('https://echo.example.com') });
  sessionId = (
    await api.call('POST', BASE, {
      user_id: 'fuzz',
      toolkits: ['github', 'gmail', 'slack', 'notion', 'echo'],
      experimental: { permissions: { default: 'ask_every_call' } },
    })
  ).json.session_id;
  const view = await api.services.catalog.view(api.projectA);
  slugs = [...view.tools.values()].filter((t) => ['github', 'gmail', 'slack', 'notion', 'echo'].includes(t.toolkit)).map((t) => t.slug);
});
afterAll(() => api.close());

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('execution fuzz', () => {
  it(`answers ${CASES} malformed or invalid requests without a single 5xx`, async () => {
    const random = prng(20260531);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const int = (n: number) => Math.floor(random() * n);
    const junkValue = (depth = 0): unknown => {
      const kinds = ['null', 'num', 'str', 'bool', 'arr', 'obj', 'huge', 'neg', 'float', 'unicode'];
      switch (depth > 3 ? pick(kinds.slice(0, 4)) : pick(kinds)) {
        case 'null':
          return null;
        case 'num':
          return int(1e6);
        case 'str':
          return random()
            .toString(36)
            .slice(2, 2 + int(12));
        case 'bool':
          return random() < 0.5;
        case 'arr':
          return Array.from({ length: int(4) }, () => junkValue(depth + 1));
        case 'obj':
          return Object.fromEntries(Array.from({ length: int(4) }, (_, i) => [`k${i}${pick(['', '$', '.', ' ', '__proto__'])}`, junkValue(depth + 1)]));
        case 'huge':
          return 'x'.repeat(20_000 + int(50_000));
        case 'neg':
          return -1e308;
        case 'float':
          return random();
        default:
          return '\u0000\ud83d\ude00\u202e<script>';
      }
    };
    const bodies: Array<{ path: string; body: string }> = [];
    for (let i = 0; i < CASES; i++) {
      const endpoint = pick(['execute', 'execute', 'execute', 'execute_meta', 'proxy_execute']);
      const path = `${BASE}/${random() < 0.03 ? 'trs_missing' : sessionId}/${endpoint}`;
      const mode = int(6);
      let body: unknown;
      if (mode === 0) {
        // Not JSON, or not an object.
        body = pick(['{', '{"tool_slug":', 'null', '[]', '42', '"x"', '\u0000\u0001', '{"a":1}}', 'tool_slug=X', '']);
        bodies.push({ path, body: body as string });
        continue;
      }
      if (mode === 1) body = { tool_slug: junkValue(), arguments: junkValue(), account: junkValue(), [pick(['extra', 'toolSlug', 'args'])]: junkValue() };
      else if (mode === 2) body = { tool_slug: pick(slugs), arguments: junkValue() };
      else if (mode === 3) {
        // Schema-invalid arguments for a real tool: right keys, wrong values, plus strays.
        const tool = api.services.catalog.builtin.flatMap((b) => b.tools).find((t) => t.slug === pick(slugs)) ?? {
          slug: pick(slugs),
          input_parameters: { properties: {} },
        };
        const args = Object.fromEntries(Object.keys(tool.input_parameters.properties ?? {}).map((k) => [k, junkValue()]));
        if (random() < 0.5) args[`bogus_${int(99)}`] = junkValue();
        body = { tool_slug: tool.slug, arguments: args, ...(random() < 0.2 ? { account: 'ca_nobody' } : {}) };
      } else if (mode === 4) {
        body = {
          tool_slug: pick(['COMPOSIO_MULTI_EXECUTE_TOOL', 'COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'LOCAL_X', 'COMPOSIO_NOPE']),
          arguments: {
            tools: Array.from({ length: int(60) }, () => ({ tool_slug: random() < 0.7 ? pick(slugs) : junkValue(), arguments: junkValue() })),
            queries: junkValue(),
            tool_slugs: junkValue(),
          },
        };
      } else {
        body = {
          toolkit_slug: pick(['echo', 'github', junkValue()]),
          endpoint: pick(['/x', 'http://169.254.169.254/', '//evil.example/x', junkValue()]),
          method: pick(['GET', 'post', 'TRACE', junkValue()]),
          parameters: junkValue(),
          body: junkValue(),
        };
      }
      if (endpoint === 'execute_meta' && body && typeof body === 'object')
        body = { slug: (body as { tool_slug?: unknown }).tool_slug, arguments: (body as { arguments?: unknown }).arguments };
      bodies.push({ path, body: JSON.stringify(body) });
    }

    const statuses = new Map<number, number>();
    const bad: string[] = [];
    await mapLimit(bodies, 8, async ({ path, body }) => {
      const res = await api.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': api.keyA }, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      const shaped =
        json !== undefined &&
        ((res.status === 200 &&
          typeof json['data'] === 'object' &&
          json['data'] !== null &&
          (json['error'] === null || typeof json['error'] === 'string') &&
          typeof json['log_id'] === 'string') ||
          (res.status === 200 && typeof json['status'] === 'number') ||
          (res.status >= 400 && typeof (json['error'] as { slug?: unknown })?.slug === 'string'));
      if (res.status >= 500 || !shaped) bad.push(`${res.status} ${path} ${body.slice(0, 200)} → ${JSON.stringify(json).slice(0, 300)}`);
    });
    console.log(`[fuzz] ${bodies.length} requests; statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(bad).toEqual([]);
    expect(bodies.length).toBeGreaterThanOrEqual(1_000);
    // The run must exercise both layers: request validation (4xx) and argument validation (200 + error).
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
  }, 180_000);
});
