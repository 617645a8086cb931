#!/usr/bin/env node
/**
 * Throughput of the router's hot paths, side by side with the upstream it calls. A benchmark, not a test:
 * it prints one table and exits 0 once it has measured; it fails only if it could not measure.
 *
 *   npm run bench:router [-- --seconds 5 --connections 16 --postgres postgres://postgres@127.0.0.1:5432/test]
 *
 * It starts a loopback upstream (a small JSON body), then `toolrouter serve` as a child process on a fresh
 * SQLite data dir (and, with --postgres, on a fresh database created on that server and dropped after, as one
 * instance and then as two processes on that database),
 * imports a one-operation toolkit pointing at the upstream (and a second one behind OAuth2, whose token
 * the upstream grants and checks), opens a session, waits until the server has settled (its workers' background
 * search-index build done, see `settle`), and drives each path with autocannon on 127.0.0.1 for a bounded time. Rows: the upstream called directly, REST execute (no auth, and with the OAuth2
 * account's token injected), MCP tools/call, session create, search in a session that may use the whole catalog, GET session, and the added latency at one connection. The machine's
 * load average is printed beside every row: the figures are only comparable between runs under similar load.
 * The server must be built (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { listeningUrl, ROOT } from './bench/util.mjs';

const API_KEY = 'trk_bench_router_key_0123456789abcdef';
const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');
const log = (message) => process.stderr.write(`[bench:router] ${message}\n`);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'string' },
    workers: { type: 'string' },
    // Comma-separated parts of row names, e.g. `--only execute,MCP`: only those rows (the direct upstream always runs).
    only: { type: 'string' },
    // A directory: the server (and its workers) write V8 CPU profiles there (`node --cpu-prof`).
    profile: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
if (!(SECONDS > 0 && SECONDS <= 60)) throw new Error('--seconds must be in (0, 60]');
if (!(Number.isInteger(CONNECTIONS) && CONNECTIONS > 0 && CONNECTIONS <= 256)) throw new Error('--connections must be 1..256');

const BENCH_TOKEN = 'bench-oauth2-access-token';

/**
 * The upstream: what every routed call ends at. It is also the OAuth2 provider of the bench's
 * second toolkit: `/token` grants a token (client credentials), and `/secure` answers only a
 * request that carries it, so the OAuth2 row proves the token was injected on every call.
 */
async function startUpstream() {
  const body = JSON.stringify({ ok: true, items: [1, 2, 3], note: 'small JSON body' });
  const token = JSON.stringify({ access_token: BENCH_TOKEN, token_type: 'Bearer', expires_in: 86_400 });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url?.split('?')[0];
      if (path === '/token') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(token) });
        res.end(token);
        return;
      }
      if (path === '/secure' && req.headers.authorization !== `Bearer ${BENCH_TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"no token"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

function upstreamSpec(url) {
  return {
    openapi: '3.0.3',
    info: { title: 'Bench', version: '1' },
    servers: [{ url }],
    paths: { '/ping': { get: { operationId: 'ping', summary: 'Ping the bench upstream', responses: { 200: { description: 'ok' } } } } },
  };
}

/** A toolkit whose one operation needs an OAuth2 token from the upstream's client-credentials grant. */
function oauthSpec(url) {
  return {
    openapi: '3.0.3',
    info: { title: 'Bench OAuth2', version: '1' },
    servers: [{ url }],
    components: { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${url}/token`, scopes: {} } } } } },
    security: [{ oauth: [] }],
    paths: { '/secure': { get: { operationId: 'secure_ping', summary: 'Ping the bench upstream with a token', responses: { 200: { description: 'ok' } } } } },
  };
}

/**
 * An OAuth2 account for `bench-user`, connected the way an application does it: an auth config
 * with the client's credentials, a Connect Link opened once (client credentials need no provider
 * page), then a session that uses it. Returns the session id and the tool's slug.
 */
async function oauthSession(api, upstreamUrl) {
  await call(api, 'POST', '/toolkits/import', { slug: 'benchauth', spec: oauthSpec(upstreamUrl) });
  const tools = await call(api, 'GET', '/tools?toolkit_slug=benchauth');
  const slug = (tools.items ?? tools)[0]?.slug ?? 'BENCHAUTH_SECURE_PING';
  const config = await call(api, 'POST', '/auth_configs', {
    toolkit: { slug: 'benchauth' },
    auth_config: {
      type: 'use_custom_auth',
      authScheme: 'OAUTH2',
      credentials: { client_id: 'bench', client_secret: 'bench-secret', grant_type: 'client_credentials' },
    },
  });
  const configId = config.auth_config?.id ?? config.id;
  const session = await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user', toolkits: ['benchauth'], auth_configs: { benchauth: configId } });
  const link = await call(api, 'POST', `/tool_router/session/${session.session_id}/link`, { toolkit: 'benchauth' });
  const page = await fetch(link.redirect_url);
  await page.text();
  if (!page.ok) throw new Error(`connecting the OAuth2 account: ${page.status}`);
  return { id: session.session_id, slug };
}

function startServer(env, workers) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOOLROUTER_') && k !== 'DATABASE_URL'));
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve', ...(workers ? ['--workers', String(workers)] : [])], {
    cwd: ROOT,
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOOLROUTER_API_KEY: API_KEY, TOOLROUTER_EGRESS_ALLOW: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url } = listeningUrl(child, 60_000);
  const stop = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        });
  return { child, url, stop };
}

/** The server and its workers (Linux: from /proc; elsewhere the parent only). */
function serverPids(pid) {
  const pids = [pid];
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (children) pids.push(...children.split(/\s+/).map(Number));
  } catch {
    // not Linux: the parent only
  }
  return pids;
}

/**
 * CPU time the server and its workers have used, in ms (user + system, from /proc; undefined
 * elsewhere). Divided by the requests of a row it gives the server's cost per request, which moves
 * far less with the machine's load than req/s does.
 */
function cpuMs(pid) {
  let ticks = 0;
  try {
    for (const p of serverPids(pid)) {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Resident memory of the server and its descendants (workers), in MB, from /proc. */
function rssMb(pid) {
  const pids = serverPids(pid);
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: SECONDS, connections: CONNECTIONS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };

/**
 * Waits until the server's background work after start-up is over, so the first measured row does not pay for it.
 * `serve` builds the search index of the first projects in every worker once it listens (`warmSearch`), a second or
 * more of CPU each; a search that arrives meanwhile waits for that build. So: searches on several fresh connections
 * at once (the cluster hands new connections to its workers in turn, so each worker answers some), then until the
 * server's processes have used under 5 % of a core for a whole second, which also covers a worker that the
 * searches missed and anything else still running from start-up. Gives up after a minute with a warning.
 */
async function settle(server, searchUrl, workers) {
  const started = performance.now();
  const body = JSON.stringify({ queries: [{ use_case: 'warm up the search index' }] });
  await Promise.all(
    Array.from({ length: 4 * workers }, async () => {
      // A connection of its own per request (no agent, so no keep-alive), so they spread over the workers.
      const status = await new Promise((resolve, reject) => {
        const req = request(searchUrl, { method: 'POST', headers: HEADERS, agent: false }, (res) => res.resume().on('end', () => resolve(res.statusCode)));
        req.on('error', reject);
        req.end(body);
      });
      if (status !== 200) throw new Error(`warm-up search: ${status}`);
    }),
  );
  const searched = performance.now();
  let quietFor = 0;
  for (let before = cpuMs(server.child.pid); quietFor < 1000 && performance.now() - started < 60_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuMs(server.child.pid);
    if (before === undefined || now === undefined) return; // not Linux: nothing to watch
    quietFor = now - before <= 0.05 * 250 ? quietFor + 250 : 0;
    before = now;
  }
  if (quietFor < 1000) log('the server did not become idle within a minute of start-up; the first row may carry its background work');
  log(`settled: searches answered after ${Math.round(searched - started)} ms, idle after ${Math.round(performance.now() - started)} ms`);
}

/** Checks one request of a scenario by hand before loading it, so a broken path fails loudly, not as a fast 4xx. */
async function probe(scenario) {
  const res = await fetch(scenario.url, { method: scenario.method ?? 'GET', headers: scenario.headers, body: scenario.body });
  const text = await res.text();
  if (!res.ok || (scenario.check && !scenario.check(text))) throw new Error(`${scenario.name}: ${res.status} ${text.slice(0, 300)}`);
}

async function measureStore(label, env, upstream, workers = values.workers) {
  const server = startServer(env, workers);
  const rows = [];
  try {
    const base = await server.url;
    const api = `${base}/api/v3.1`;
    await call(api, 'POST', '/toolkits/import', { slug: 'bench', spec: upstreamSpec(upstream.url) });
    const tools = await call(api, 'GET', '/tools?toolkit_slug=bench');
    const slug = (tools.items ?? tools)[0]?.slug ?? 'BENCH_PING';
    const session = await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user', toolkits: ['bench'] });
    const id = session.session_id;
    const oauth = await oauthSession(api, upstream.url);
    // Search runs in a session that may use every toolkit, so it ranks the whole catalog (the target's case).
    const everything = (await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user' })).session_id;
    const mcpCall = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: { tools: [{ tool_slug: slug, arguments: {} }] } },
    });
    const scenarios = [
      { name: 'direct upstream', url: `${upstream.url}/ping` },
      {
        name: 'REST execute (no auth)',
        url: `${api}/tool_router/session/${id}/execute`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ tool_slug: slug, arguments: {} }),
        check: (t) => JSON.parse(t).error === null,
      },
      {
        name: 'REST execute (OAuth2)',
        url: `${api}/tool_router/session/${oauth.id}/execute`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ tool_slug: oauth.slug, arguments: {} }),
        check: (t) => JSON.parse(t).error === null,
      },
      {
        name: 'MCP tools/call',
        url: `${base}/tool_router/${id}/mcp`,
        method: 'POST',
        headers: { ...HEADERS, accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
        body: mcpCall,
        check: (t) => t.includes('"result"') && !t.includes('"isError":true'),
      },
      {
        name: 'session create',
        url: `${api}/tool_router/session`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ user_id: 'bench-user', toolkits: ['bench', 'github'] }),
      },
      {
        name: 'search (full catalog)',
        url: `${api}/tool_router/session/${everything}/search`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ queries: [{ use_case: 'list the open issues of a repository' }] }),
      },
      { name: 'GET session', url: `${api}/tool_router/session/${id}`, headers: HEADERS },
    ];
    const measured = async (scenario, connections) => {
      const routed = scenario.name !== 'direct upstream';
      const before = routed ? cpuMs(server.child.pid) : undefined;
      const result = await load({ url: scenario.url, method: scenario.method ?? 'GET', headers: scenario.headers, body: scenario.body, connections });
      const after = routed ? cpuMs(server.child.pid) : undefined;
      const cpu = before === undefined || after === undefined || result.requests.total === 0 ? undefined : (after - before) / result.requests.total;
      const name = connections === 1 ? `${scenario.name}, 1 connection` : scenario.name;
      return row(label, name, connections, result, routed ? rssMb(server.child.pid) : undefined, cpu);
    };
    const wanted = values.only?.split(',').map((s) => s.trim().toLowerCase());
    await settle(server, `${api}/tool_router/session/${id}/search`, Number(workers ?? availableParallelism()));
    const chosen = scenarios.filter((s) => !wanted || s.name === 'direct upstream' || wanted.some((w) => s.name.toLowerCase().includes(w)));
    for (const scenario of chosen) {
      await probe(scenario);
      // One unrecorded second first, so the row measures compiled code rather than the JIT warming up.
      await load({ url: scenario.url, method: scenario.method ?? 'GET', headers: scenario.headers, body: scenario.body, duration: Math.min(1, SECONDS) });
      rows.push(await measured(scenario, CONNECTIONS));
      log(`${label}: ${scenario.name} done`);
    }
    // Added latency: one connection, the routed calls against the direct one.
    for (const scenario of chosen.filter((s) => scenarios.indexOf(s) < 3)) rows.push(await measured(scenario, 1));
  } finally {
    await server.stop();
  }
  return rows;
}

function row(store, name, connections, result, rss, cpu) {
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    store,
    name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    rss,
    cpu,
    load: loadavg()[0],
  };
}

/** A fresh database on the given PostgreSQL server, so the run neither sees nor leaves other data. */
async function freshPostgres(url) {
  const { default: pg } = await import('pg');
  const name = `toolrouter_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const upstream = await startUpstream();
const all = [];
try {
  const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-router-'));
  try {
    all.push(...(await measureStore('SQLite', { DATA_DIR: dataDir, DATABASE_URL: '' }, upstream)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  // PostgreSQL as one instance, then as two on the same database (two workers: separate processes that
  // share nothing but the database, as separate instances do).
  for (const workers of values.postgres ? [1, 2] : []) {
    const db = await freshPostgres(values.postgres);
    const pgDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-router-'));
    try {
      all.push(...(await measureStore(`PostgreSQL ×${workers}`, { DATA_DIR: pgDir, DATABASE_URL: db.url }, upstream, workers)));
    } finally {
      await db.drop();
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
} finally {
  await upstream.close();
}

const fixed = (n, d = 0) => (n === undefined ? '–' : n.toFixed(d));
console.log(`autocannon ${SECONDS} s per row on 127.0.0.1${values.workers ? `, serve --workers ${values.workers}` : ''}`);
console.log('| store | path | conns | req/s | p50 ms | p99 ms | errors | server CPU ms/req | server RSS MB | load avg |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of all) {
  console.log(
    `| ${r.store} | ${r.name} | ${r.connections} | ${fixed(r.rps)} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} | ${r.errors} | ${fixed(r.cpu, 2)} | ${fixed(r.rss)} | ${r.load.toFixed(2)} |`,
  );
}
