#!/usr/bin/env node
/**
 * Snapshot of full search responses, to prove a speed change left the results alone. Not a test, not a bench.
 *
 *   node scripts/search-snapshot.mjs [--root DIR] --out FILE       writes one JSON line per request
 *   node scripts/search-snapshot.mjs --compare FILE_A FILE_B       counts the lines that differ (exit 1 if any)
 *
 * DIR is a built checkout (default: this one), so `--root /work/main` snapshots the branch point and the two files
 * compare byte for byte. The app runs in-process on a fresh SQLite store with the built-in catalog (every toolkit,
 * ~12,900 tools), as `serve` wires it (word vectors on, learning on), and every request goes through the real
 * `POST /api/v3.1/tool_router/session/{id}/search` route. What varies:
 *   - queries: the agent requests of the test fixtures, the search-quality cases, some curated tools' example
 *     requests (which the index also remembers as repeated requests), samples of the public retrieval sets' queries,
 *     slug-naming and multi-intent requests, and bench:router's own query;
 *   - session shapes: every toolkit; a few toolkits; all but a few; per-tool enable/disable lists; global and
 *     per-toolkit tags; the request's own `toolkits`; custom tools;
 *   - requests with several queries and with `known_fields`;
 *   - a second project whose index holds a repeated-query history (usage pairs sending some requests to tools
 *     picked from the whole catalog, so the repeat boost lifts tools from anywhere in the ranking);
 *   - each query set asked twice, so a remembered analysis answers as the first one did.
 * The parts of an answer that differ between runs (the session id, the current time) are replaced by placeholders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ROOT } from './bench/util.mjs';

const { values, positionals } = parseArgs({
  options: {
    root: { type: 'string', default: ROOT },
    out: { type: 'string' },
    compare: { type: 'string', multiple: true },
    retrieval: { type: 'string', default: '/work/shared/bench/retrieval' },
  },
  allowPositionals: true,
});

if (values.compare) {
  // Either `--compare A B` (as the usage line says) or `--compare A --compare B`.
  const [a, b] = [...values.compare, ...positionals];
  if (!a || !b) throw new Error('--compare takes two files: --compare A B');
  const la = readFileSync(a, 'utf8').split('\n');
  const lb = readFileSync(b, 'utf8').split('\n');
  let differ = 0;
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] === lb[i]) continue;
    if (differ++ < 5) console.log(`line ${i + 1} differs:\n  A ${(la[i] ?? '').slice(0, 400)}\n  B ${(lb[i] ?? '').slice(0, 400)}`);
  }
  console.log(`${Math.max(la.length, lb.length)} lines, ${differ} differ; files ${readFileSync(a).equals(readFileSync(b)) ? 'identical' : 'differ'}`);
  process.exit(differ === 0 ? 0 : 1);
}
if (!values.out) throw new Error('usage: search-snapshot.mjs [--root DIR] --out FILE | --compare A B');

const root = resolve(values.root);
const dist = (p) => import(join(root, 'packages/server/dist', p));
const { wireServices } = await dist('runtime.js');
const { openSqliteStore } = await dist('store/sqlite.js');
const { createApp } = await dist('http/app.js');
const { loadBuiltinCatalog } = await dist('catalog/builtin.js');

/** A small deterministic hash (FNV-1a), to pick tools and samples the same way on every run. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Every `step`-th query text of a retrieval set (test split), at most `max`. */
function retrievalSample(name, max) {
  try {
    const lines = readFileSync(join(values.retrieval, name, 'queries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const texts = lines
      .map((l) => JSON.parse(l))
      .filter((q) => q.split === 'test')
      .map((q) => q.text);
    const step = Math.max(1, Math.floor(texts.length / max));
    return texts.filter((_, i) => i % step === 0).slice(0, max);
  } catch {
    process.stderr.write(`[snapshot] no ${name} queries under ${values.retrieval}\n`);
    return [];
  }
}

const fixtureRequests = readFileSync(join(ROOT, 'packages/server/test/fixtures/agent-requests.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).request);
const qualityCases = [...readFileSync(join(ROOT, 'packages/server/test/search-quality.test.ts'), 'utf8').matchAll(/^\s+\['([^']+)', '[A-Z0-9_]+'\],$/gm)].map(
  (m) => m[1],
);

const tmp = await mkdtemp(join(tmpdir(), 'search-snapshot-'));
const store = await openSqliteStore({ file: join(tmp, 'snapshot.db') });
await store.migrate();
const builtin = await loadBuiltinCatalog();
// A fixed clock keeps the learned queries' recency weights the same between runs.
const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');
const services = wireServices(store, builtin, { egressAllow: [], searchLearning: true, now: fixedNow });
const app = createApp({ ...services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 4 * 1024 * 1024 });

const allTools = builtin.flatMap((b) => b.tools);
const toolkitSlugs = new Set(builtin.map((b) => b.toolkit.slug));
const examples = allTools.filter((t) => (t.examples?.length ?? 0) > 0).flatMap((t) => t.examples.slice(0, 1));
const exampleSample = examples.filter((_, i) => i % Math.max(1, Math.floor(examples.length / 30)) === 0).slice(0, 30);
const present = (slugs) => slugs.filter((s) => toolkitSlugs.has(s));

const BENCH_QUERY = 'list the open issues of a repository';
const queries = [
  BENCH_QUERY,
  ...fixtureRequests,
  ...qualityCases,
  ...exampleSample,
  ...retrievalSample('metatool', 25),
  ...retrievalSample('toollens', 15),
  ...retrievalSample('stabletoolbench', 20),
  ...retrievalSample('toolret-apigen', 20),
  ...retrievalSample('toolret-apibank', 10),
  'GITHUB_CREATE_AN_ISSUE',
  'call SLACK_SEND_MESSAGE then GITHUB_LIST_PULL_REQUESTS',
  'create an issue on github and then post a message in slack and email the team',
  'find the latest invoice in stripe, then send it by gmail',
  'schedule a meeting tomorrow at 10 and add it to my calendar',
  'delete the repository',
  'update',
  'the',
  'zzzz qqqq',
  'list all users',
  'get weather',
];
process.stderr.write(`[snapshot] ${queries.length} queries, ${allTools.length} tools in ${toolkitSlugs.size} toolkits (${root})\n`);

async function call(key, method, path, body) {
  const res = await app.request(`http://snapshot.test${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function createSession(key, config) {
  const { status, text } = await call(key, 'POST', '/api/v3.1/tool_router/session', { user_id: 'snapshot-user', ...config });
  if (status !== 200 && status !== 201) throw new Error(`session ${JSON.stringify(config)} → ${status} ${text.slice(0, 300)}`);
  return JSON.parse(text).session_id;
}

const githubSlugs = allTools.filter((t) => t.toolkit === 'github').map((t) => t.slug);
const slackSlugs = allTools.filter((t) => t.toolkit === 'slack').map((t) => t.slug);
const pick = (slugs, every) => slugs.filter((s) => hash(s) % every === 0);
const SHAPES = [
  ['everything', {}],
  ['few toolkits', { toolkits: present(['github', 'gmail', 'slack', 'notion', 'googlecalendar', 'jira', 'hackernews']) }],
  ['all but a few', { toolkits: { disable: present(['github', 'gmail', 'bitbucket']) } }],
  [
    'tool lists',
    {
      toolkits: present(['github', 'slack', 'gmail', 'notion']),
      tools: { github: { enable: pick(githubSlugs, 7).slice(0, 150) }, slack: { disable: pick(slackSlugs, 3) } },
    },
  ],
  ['global tags', { tags: { enable: ['readOnlyHint'] } }],
  ['per-toolkit tags', { tools: { github: { tags: { disable: ['destructiveHint'] } }, gmail: { tags: { enable: ['readOnlyHint'] } } } }],
  [
    'custom tools',
    {
      experimental: {
        custom_tools: [
          {
            slug: 'LIST_OPEN_TICKETS',
            name: 'List open tickets',
            description: 'List the open issues and tickets of a repository in our tracker',
            input_schema: { type: 'object', properties: { repo: { type: 'string' } } },
          },
          {
            slug: 'SEND_TEAM_NOTE',
            name: 'Send a note to the team',
            description: 'Send an email or a chat message to the whole team',
            input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
          },
        ],
      },
    },
  ],
];

/** The requests asked in a session: every query alone (with the shape's share of the set), and a few batches. */
function requestsFor(shape, share) {
  const mine = queries.filter((q, i) => i === 0 || hash(`${shape}:${q}`) % share === 0);
  const out = mine.map((q) => ({ queries: [{ use_case: q }] }));
  for (let i = 0; i + 3 <= mine.length && i < 60; i += 3) {
    out.push({
      queries: mine
        .slice(i, i + 3)
        .map((q, j) => (j === 1 ? { use_case: q, known_fields: 'owner: octocat, repo: hello-world, channel: #general' } : { use_case: q })),
    });
  }
  if (shape === 'everything') {
    out.push({ queries: [{ use_case: BENCH_QUERY }], toolkits: present(['github', 'jira']) });
    out.push({ queries: [{ use_case: 'send a message' }], toolkits: present(['slack', 'gmail', 'discord']) });
  }
  return out;
}

const lines = [];
/** The session id and the clock (the route reads the real one) are the only parts that differ between runs. */
function normalise(text, sessionId) {
  return text
    .split(sessionId)
    .join('<session>')
    .replace(/"current_time_utc":"[^"]*","current_time_utc_epoch_seconds":\d+/, '"current_time_utc":"<now>","current_time_utc_epoch_seconds":0');
}

async function runProject(label, withHistory) {
  const { key, project } = await services.projects.createProject(`snapshot-${label}`);
  if (withHistory) {
    // Usage pairs: some requests led to a tool picked by hash from the whole catalog, some to two tools.
    const pairs = [];
    for (const q of queries) {
      const h = hash(`history:${q}`);
      if (h % 3 !== 0) continue;
      pairs.push({ query: q, toolSlug: allTools[h % allTools.length].slug });
      if (h % 2 === 0) pairs.push({ query: q, toolSlug: allTools[(h >>> 7) % allTools.length].slug });
    }
    await services.search.recordUsage(project.id, pairs);
    process.stderr.write(`[snapshot] ${label}: ${pairs.length} usage pairs\n`);
  }
  for (const [shape, config] of SHAPES) {
    const sessionId = await createSession(key.key, config);
    const share = shape === 'everything' ? 1 : 3;
    const requests = requestsFor(shape, share);
    // Twice: the second pass meets the remembered analyses.
    for (const pass of [1, 2]) {
      for (const body of requests) {
        const { status, text } = await call(key.key, 'POST', `/api/v3.1/tool_router/session/${sessionId}/search`, body);
        lines.push(`${JSON.stringify({ project: label, shape, pass, body, status })}\t${normalise(text, sessionId)}`);
      }
    }
    process.stderr.write(`[snapshot] ${label} / ${shape}: ${requests.length} requests × 2\n`);
  }
}

try {
  await runProject('plain', false);
  await runProject('history', true);
} finally {
  await services.shutdown();
  await store.close();
  await rm(tmp, { recursive: true, force: true });
}
writeFileSync(values.out, `${lines.join('\n')}\n`);
process.stderr.write(`[snapshot] ${lines.length} responses written to ${values.out}\n`);
