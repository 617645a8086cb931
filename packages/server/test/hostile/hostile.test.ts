import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type Services, wireServices } from '../../src/runtime.js';
import { builtinCatalog, callServer, listen, openTestStore, type StoreKind } from '../harness.js';
import { startEchoServer } from '../helpers/echo-server.js';
import { type Fixtures, generateCase, type HostileCase } from './cases.js';
import { Random, runSeed } from './random.js';
import { judge } from './verdict.js';
import { describeRequest, send } from './wire.js';

/**
 * Hostile input, generated from a seed: malformed and hostile requests to every route group
 * (sessions, search, execute, execute_meta, proxy_execute, toolkit import, the Connect Link pages,
 * auth configs and connected accounts, the MCP endpoint), sent byte for byte over a real socket to
 * the real app on a real store. Each answer must come within the bound, never be a 5xx, and carry
 * the documented error envelope when it is an error; afterwards the server must be healthy, still
 * serve a normal request, and not have grown past the memory bound.
 *
 * HOSTILE_SEED=<n> replays a run (the seed is printed); HOSTILE_ONLY=<i,j> sends only those cases;
 * HOSTILE_CASES=<n> changes how many are sent per store; HOSTILE_SHOW=<n> prints more failures in full.
 */
const SEED = runSeed(process.env, 20_261_206);
const CASES = Number(process.env.HOSTILE_CASES ?? 1_100);
if (!Number.isInteger(CASES) || CASES < 1) throw new Error(`HOSTILE_CASES must be a positive integer, got "${process.env.HOSTILE_CASES}"`);
const ONLY = process.env.HOSTILE_ONLY?.split(',').map(Number);
/** How many failing requests the report prints in full (HOSTILE_SHOW). */
const SHOW = Number(process.env.HOSTILE_SHOW ?? 40);
/** The answer bound per request: a ceiling for a broken server, not a speed target. */
const BOUND_MS = 10_000;
/** The import budget this test runs with (the server's default is 60 s). */
const IMPORT_TIMEOUT_MS = 6_000;
/**
 * Imports get their own ceiling: one runs in a worker for up to the budget and may first wait
 * behind the two the server runs at once (CONCURRENCY lanes), each allowed the same budget.
 */
const IMPORT_BOUND_MS = 3 * IMPORT_TIMEOUT_MS + 2_000;
/** Requests in flight at once, so concurrent writes (PATCH races, imports) are exercised too. */
const CONCURRENCY = 4;
const MAX_BODY_BYTES = 1024 * 1024;
const MEMORY_GROWTH_BOUND = 200 * 1024 * 1024;
const API = '/api/v3.1';

interface Failure {
  index: number;
  hostile: HostileCase;
  problems: string[];
}

describe.each<StoreKind>(['sqlite', 'postgres'])('hostile input (%s)', (kind) => {
  let env: Awaited<ReturnType<typeof startEnvironment>>;
  beforeAll(async () => {
    env = await startEnvironment(kind);
  });
  afterAll(() => env?.close());

  it(`survives ${CASES} seeded hostile requests (seed ${SEED})`, async () => {
    const indexes = ONLY ?? Array.from({ length: CASES }, (_, i) => i);
    // Warm up first: the search index and catalog caches are built on first use, once.
    expect(await normalRequestWorks(env.origin, env.fixtures), 'a normal session, search and execution before the run').toEqual([]);
    const rssBefore = await settledRss();
    const failures: Failure[] = [];
    const answered: Array<{ index: number; group: string; status: number | 'none'; ms: number }> = [];
    let next = 0;
    const lane = async () => {
      for (let at = next++; at < indexes.length; at = next++) {
        // Made when sent and dropped after, so the test itself holds no megabytes of bodies
        // (each case depends only on the seed and its index, never on earlier ones).
        const index = indexes[at]!;
        const hostile = generateCase(Random.forCase(SEED, index), env.fixtures);
        const bound = hostile.group === 'import' ? IMPORT_BOUND_MS : BOUND_MS;
        const outcome = await send(env.port, hostile.request, bound);
        const problems = judge(outcome, hostile.expect, bound, hostile.request.method);
        answered.push({ index, group: hostile.group, status: outcome.ok ? outcome.response.status : 'none', ms: outcome.ms });
        if (problems.length > 0) failures.push({ index, hostile, problems: [...problems, ...env.serverErrors.drain()] });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));

    // The server is still itself: healthy, serving a normal request, and not bloated.
    const health = await send(env.port, { method: 'GET', path: '/health', headers: [] }, BOUND_MS);
    const healthy = health.ok && health.response.status === 200 && health.response.body.includes('"ok"');
    const normal = await normalRequestWorks(env.origin, env.fixtures);
    const growth = (await settledRss()) - rssBefore;

    console.log(summary(kind, answered, failures.length, growth));
    expect(failures.length, report(kind, failures)).toBe(0);
    expect(healthy, 'GET /health after the run').toBe(true);
    expect(normal, 'a normal session, search and execution after the run').toEqual([]);
    expect(growth, `RSS grew ${Math.round(growth / 1024 / 1024)} MB`).toBeLessThan(MEMORY_GROWTH_BOUND);
  }, 600_000);
});

/**
 * The process's RSS once garbage is collected, so the bound measures what the server keeps rather
 * than garbage the collector has not got to yet (the server runs in this process).
 */
async function settledRss(): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

/** The real app over a real store and a loopback socket, with the fixtures the cases aim at. */
async function startEnvironment(kind: StoreKind) {
  const echo = await startEchoServer();
  const { store, dispose } = await openTestStore(kind);
  const serverErrors = new ErrorLog();
  let services: Services | undefined;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    // The echo toolkit lives on loopback, which the egress guard only lets through when allowed.
    // Imports get a time budget inside the per-request bound, so a conversion that would run long is refused in time.
    services = wireServices(store, await builtinCatalog(), {
      egressAllow: ['127.0.0.1'],
      searchLearning: true,
      importBudget: { timeoutMs: IMPORT_TIMEOUT_MS },
    });
    const log = pino({ level: 'error' }, serverErrors.sink());
    // Failed-auth throttling has its own tests (test/boundary); here every case comes from one address, and a
    // tenth of them send wrong keys, so the throttle would answer most of the run with 429 and hide the rest.
    const authFailures = { maxFailures: 0, windowMs: 60_000, trustedProxies: [] };
    const app = createApp({ ...services, log, publicUrl: undefined, maxBodyBytes: MAX_BODY_BYTES, authFailures });
    server = await listen(app);
    const a = await services.projects.createProject('hostile-a');
    const b = await services.projects.createProject('hostile-b');
    const fixtures = await makeFixtures(server.url, a.key.key, b.key.key, echo.url);
    const running = { services, server };
    return {
      fixtures,
      origin: server.url,
      port: Number(new URL(server.url).port),
      serverErrors,
      async close() {
        await running.server.close();
        await running.services.shutdown();
        await store.close();
        await dispose();
        await echo.close();
      },
    };
  } catch (error) {
    await server?.close();
    await services?.shutdown();
    await store.close();
    await dispose();
    await echo.close();
    throw error;
  }
}

/** What the cases aim at, made through the API as a client would. */
async function makeFixtures(origin: string, key: string, otherKey: string, echoUrl: string): Promise<Fixtures> {
  const call = async (method: string, path: string, body: unknown, as = key) => {
    const res = await callServer(origin, method, path, body, as);
    if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  await call('POST', `${API}/toolkits/import`, { slug: 'hxecho', spec: echoToolkitSpec(echoUrl) });
  const session = await call('POST', `${API}/tool_router/session`, {
    user_id: 'hostile-user',
    toolkits: ['github', 'openweather', 'gmail', 'hxecho'],
    workbench: { enable: false },
  });
  const other = await call('POST', `${API}/tool_router/session`, { user_id: 'other-user', toolkits: ['github'] }, otherKey);
  const authConfig = await call('POST', `${API}/auth_configs`, {
    toolkit: { slug: 'openweather' },
    auth_config: { type: 'use_custom_auth', authScheme: 'API_KEY', name: 'fixture' },
  });
  const link = await call('POST', `${API}/tool_router/session/${session.session_id}/link`, { toolkit: 'openweather' });
  const mcpToken = await call('POST', `${API}/tool_router/session/${session.session_id}/mcp_tokens`, { name: 'hostile' });
  const echoTools = await call('GET', `${API}/tools?toolkit_slug=hxecho`, undefined);
  return {
    key,
    otherKey,
    otherSessionId: other.session_id,
    sessionId: session.session_id,
    linkToken: new URL(link.redirect_url).pathname.split('/').pop()!,
    mcpToken: mcpToken.token,
    authConfigId: authConfig.id,
    accountId: link.connected_account_id,
    echoToolkit: 'hxecho',
    toolSlugs: [
      ...echoTools.items.map((t: { slug: string }) => t.slug),
      'GITHUB_GET_THE_AUTHENTICATED_USER',
      'GITHUB_CREATE_AN_ISSUE',
      'OPENWEATHER_GET_CURRENT_WEATHER',
      'GMAIL_SEND_EMAIL',
    ],
    maxBodyBytes: MAX_BODY_BYTES,
  };
}

/** A toolkit on the loopback echo server without auth, so its tools and proxy calls really run. */
function echoToolkitSpec(baseUrl: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Hostile echo', version: '1' },
    servers: [{ url: baseUrl }],
    paths: {
      '/things/{thingId}': {
        post: {
          operationId: 'createThing',
          summary: 'Create a thing',
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
            { name: 'labels', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
      '/things': {
        get: {
          operationId: 'listThings',
          summary: 'List things',
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
}

/** A fresh session that searches and runs an echo tool, as a well-behaved client would; problems, or none. */
async function normalRequestWorks(origin: string, fx: Fixtures): Promise<string[]> {
  const problems: string[] = [];
  const session = await callServer(origin, 'POST', `${API}/tool_router/session`, { user_id: 'after-run', toolkits: ['hxecho', 'github'] }, fx.key);
  if (session.status !== 201) return [`session create answered ${session.status}`];
  const id = session.json.session_id as string;
  const search = await callServer(origin, 'POST', `${API}/tool_router/session/${id}/search`, { queries: [{ use_case: 'list things' }] }, fx.key);
  if (search.status !== 200) problems.push(`search answered ${search.status}`);
  const slug = fx.toolSlugs.find((s) => s.startsWith('HXECHO_') && s.includes('LIST'));
  const run = await callServer(origin, 'POST', `${API}/tool_router/session/${id}/execute`, { tool_slug: slug, arguments: { q: 'after' } }, fx.key);
  if (run.status !== 200 || run.json?.error) problems.push(`execute ${slug} answered ${run.status} ${JSON.stringify(run.json)}`);
  return problems;
}

/** The server's error log, so a 5xx in the report comes with what the server logged about it. */
class ErrorLog {
  private lines: string[] = [];

  sink(): Writable {
    return new Writable({
      write: (chunk, _encoding, done) => {
        this.lines.push(String(chunk).slice(0, 1500));
        done();
      },
    });
  }

  /** The lines logged since the last call (shared by concurrent lanes, so only a hint of the cause). */
  drain(): string[] {
    const lines = this.lines.map((l) => `server logged: ${l.trim()}`);
    this.lines = [];
    return lines.slice(0, 3);
  }
}

/** What the run sent and got, per route group (statuses and how often), and its slowest answers. */
function summary(
  kind: StoreKind,
  answered: Array<{ index: number; group: string; status: number | 'none'; ms: number }>,
  failed: number,
  growth: number,
): string {
  const byGroup = new Map<string, Map<string, number>>();
  for (const { group, status } of answered) {
    const counts = byGroup.get(group) ?? new Map<string, number>();
    counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
    byGroup.set(group, counts);
  }
  const groups = [...byGroup]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([group, counts]) =>
        `  ${group}: ${[...counts]
          .sort()
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
  const slowest = [...answered]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((a) => `#${a.index} ${a.group} ${a.ms} ms`);
  return [
    `hostile (${kind}): seed ${SEED}, ${answered.length} requests, ${failed} failed, RSS grew ${Math.round(growth / 1024 / 1024)} MB; slowest: ${slowest.join(', ')}`,
    ...groups,
  ].join('\n');
}

/** The failure report: how to replay, a count per problem, then each failing request in full. */
function report(kind: StoreKind, failures: Failure[]): string {
  if (failures.length === 0) return '';
  failures.sort((x, y) => x.index - y.index);
  const shown = failures.slice(0, SHOW);
  const lines = [
    `${failures.length} hostile requests failed on ${kind} (seed ${SEED}; replay one with HOSTILE_SEED=${SEED} HOSTILE_ONLY=<case>):`,
    ...shown.map((f) => `\n#${f.index} [${f.hostile.group}] ${describeRequest(f.hostile.request)}\n  → ${f.problems.join('\n  → ')}`),
  ];
  if (failures.length > shown.length)
    lines.push(
      `\n… and ${failures.length - shown.length} more: ${failures
        .slice(shown.length)
        .map((f) => `#${f.index}`)
        .join(' ')}`,
    );
  return lines.join('\n');
}
