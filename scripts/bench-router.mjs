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
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchSessions, cpuMs, HEADERS, pathRequests, probe, rssMb, runLoad, settle, startServer, startUpstream } from './bench/router-fixture.mjs';

const log = (message) => process.stderr.write(`[bench:router] ${message}\n`);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warm: { type: 'string', default: '3' },
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
const WARM_SECONDS = Number(values.warm);
const CONNECTIONS = Number(values.connections);
if (!(SECONDS > 0 && SECONDS <= 60)) throw new Error('--seconds must be in (0, 60]');
if (!(WARM_SECONDS >= 0 && WARM_SECONDS <= 60)) throw new Error('--warm must be in [0, 60]');
if (!(Number.isInteger(CONNECTIONS) && CONNECTIONS > 0 && CONNECTIONS <= 256)) throw new Error('--connections must be 1..256');

function load(options) {
  return runLoad({ duration: SECONDS, connections: CONNECTIONS, ...options });
}

async function measureStore(label, env, upstream, workers = values.workers) {
  const server = startServer({ env, workers, profileDir: values.profile });
  const rows = [];
  try {
    const sessions = await benchSessions(await server.url, upstream.url);
    const { api, bench } = sessions;
    const paths = pathRequests(sessions);
    const scenarios = [
      { name: 'direct upstream', url: `${upstream.url}/ping` },
      { name: 'REST execute (no auth)', ...paths.rest },
      { name: 'REST execute (OAuth2)', ...paths['rest-oauth'] },
      { name: 'MCP tools/call', ...paths.mcp },
      {
        name: 'session create',
        url: `${api}/tool_router/session`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ user_id: 'bench-user', toolkits: ['bench', 'github'] }),
      },
      { name: 'search (full catalog)', ...paths.search },
      { name: 'GET session', url: `${api}/tool_router/session/${bench.id}`, headers: HEADERS },
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
    await settle(server.child.pid, `${api}/tool_router/session/${bench.id}/search`, Number(workers ?? availableParallelism()), log);
    const chosen = scenarios.filter((s) => !wanted || s.name === 'direct upstream' || wanted.some((w) => s.name.toLowerCase().includes(w)));
    for (const scenario of chosen) {
      await probe(scenario.name, scenario);
      // Unrecorded load first (--warm, 3 s), so the row measures compiled code rather than the JIT warming up: with
      // one second the first row still cost about twice the CPU per request of the same path measured later.
      if (WARM_SECONDS > 0)
        await load({ url: scenario.url, method: scenario.method ?? 'GET', headers: scenario.headers, body: scenario.body, duration: WARM_SECONDS });
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
