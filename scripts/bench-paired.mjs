#!/usr/bin/env node
/**
 * Paired A/B of one hot path between two builds of the router. A benchmark, not a test.
 *
 *   node scripts/bench-paired.mjs DIR_A DIR_B [--path mcp|mcp-direct|mcp-list|rest] [--rounds 6] [--burst 3]
 *
 * DIR_A and DIR_B are checkouts that have been built (`npm run build`), e.g. /work/main and a worktree; a path
 * may be `A:B` (e.g. `mcp:rest`) to compare two paths of one build. Both servers (`serve --workers 1`, fresh
 * SQLite data dirs, one loopback upstream) run at the same time; short autocannon bursts (16 connections)
 * alternate between them, starting with the other one each round, so both see the same machine. On a busy
 * machine this is far steadier than two bench:router runs one after the other. It prints the server CPU ms
 * per request of each side, overall and per round.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { listeningUrl } from './bench/util.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { path: { type: 'string', default: 'mcp' }, rounds: { type: 'string', default: '6' }, burst: { type: 'string', default: '3' } },
});
if (positionals.length !== 2) throw new Error('usage: bench-paired.mjs DIR_A DIR_B [--path …] [--rounds N] [--burst S]');
const ROUNDS = Number(values.rounds);
const BURST = Number(values.burst);
const [pathA, pathB = pathA] = values.path.split(':');
const API_KEY = 'trk_bench_paired_key_0123456789abcdef';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };
const MCP_HEADERS = { ...HEADERS, accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

const upstreamBody = JSON.stringify({ ok: true, items: [1, 2, 3], note: 'small JSON body' });
const upstream = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(upstreamBody) });
    res.end(upstreamBody);
  });
});
await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
const spec = {
  openapi: '3.0.3',
  info: { title: 'Bench', version: '1' },
  servers: [{ url: upstreamUrl }],
  paths: { '/ping': { get: { operationId: 'ping', summary: 'Ping the bench upstream', responses: { 200: { description: 'ok' } } } } },
};

function startServer(root, dataDir) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOOLROUTER_') && k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, [join(root, 'packages/server/bin/toolrouter.js'), 'serve', '--workers', '1'], {
    cwd: root,
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOOLROUTER_API_KEY: API_KEY, TOOLROUTER_EGRESS_ALLOW: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, url: listeningUrl(child, 60_000).url };
}

/** CPU time of one process in ms (user + system, from /proc; Linux only). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function load(options) {
  return new Promise((done, fail) => autocannon({ connections: 16, ...options }, (error, result) => (error ? fail(error) : done(result))));
}

function target(kind, base, id, slug) {
  const mcp = (method, params) => ({
    url: `${base}/tool_router/${id}/mcp`,
    method: 'POST',
    headers: MCP_HEADERS,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  if (kind === 'mcp') return mcp('tools/call', { name: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: { tools: [{ tool_slug: slug, arguments: {} }] } });
  if (kind === 'mcp-direct') return mcp('tools/call', { name: slug, arguments: {} });
  if (kind === 'mcp-list') return mcp('tools/list');
  if (kind === 'rest')
    return {
      url: `${base}/api/v3.1/tool_router/session/${id}/execute`,
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ tool_slug: slug, arguments: {} }),
    };
  throw new Error(`unknown --path ${kind}`);
}

const sides = [];
try {
  for (const [name, root, kind] of [
    ['A', resolve(positionals[0]), pathA],
    ['B', resolve(positionals[1]), pathB],
  ]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-paired-'));
    const server = startServer(root, dataDir);
    sides.push({ name, kind, root, dataDir, child: server.child, cpu: 0, requests: 0, rounds: [] });
    const base = await server.url;
    const api = `${base}/api/v3.1`;
    await call(api, 'POST', '/toolkits/import', { slug: 'bench', spec });
    const tools = await call(api, 'GET', '/tools?toolkit_slug=bench');
    const slug = (tools.items ?? tools)[0]?.slug ?? 'BENCH_PING';
    const session = await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user', toolkits: ['bench'] });
    sides.at(-1).target = target(kind, base, session.session_id, slug);
  }
  // The workers build their search indexes in the background after listening: let that finish, then warm the JIT.
  await new Promise((r) => setTimeout(r, 15_000));
  for (const side of sides) await load({ ...side.target, duration: 4 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const before = cpuMs(side.child.pid);
      const result = await load({ ...side.target, duration: BURST });
      const used = cpuMs(side.child.pid) - before;
      if (result.non2xx || result.errors) throw new Error(`${side.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      side.cpu += used;
      side.requests += result.requests.total;
      side.rounds.push((used / result.requests.total).toFixed(2));
    }
  }
  for (const side of sides) {
    console.log(
      `${side.name} ${side.kind} (${side.root}): ${(side.cpu / side.requests).toFixed(3)} ms CPU/req over ${side.requests} requests; per round ${side.rounds.join(' ')}`,
    );
  }
} finally {
  for (const side of sides) {
    side.child.kill('SIGTERM');
    await new Promise((r) => (side.child.exitCode !== null ? r() : side.child.once('exit', r)));
    rmSync(side.dataDir, { recursive: true, force: true });
  }
  upstream.closeAllConnections();
  upstream.close();
}
