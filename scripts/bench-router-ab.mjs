#!/usr/bin/env node
/**
 * Before/after of the REST execute path on a busy machine: two builds of the server side by side.
 *
 *   node scripts/bench-router-ab.mjs ROOT_A ROOT_B [rounds=6] [seconds=3] [connections=16] [noauth|oauth|both]
 *
 * ROOT_A and ROOT_B are two built checkouts (e.g. a detached `git worktree` at the previous commit, and this
 * one). Both serve at once (`serve --workers 1`, fresh SQLite dirs) against one loopback upstream, each with a
 * no-auth toolkit and an OAuth2 one (as in bench:router), and autocannon drives them in turn — A then B, B then
 * A in the next round — so a change in the machine's load hits both alike. It prints the server CPU per request
 * of each (user + system time from /proc over the requests of all rounds) and of every single run. `WARM=s`
 * sets the unrecorded load per path and server first (8 s), `PROF=dir` writes V8 CPU profiles per build.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { listeningUrl } from './bench/util.mjs';

const [rootA, rootB, roundsS = '6', secondsS = '3', connsS = '16', which = 'both'] = process.argv.slice(2);
const API_KEY = 'trk_bench_router_key_0123456789abcdef';
const TOKEN = 'bench-oauth2-access-token';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };
const upstream = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const path = req.url.split('?')[0];
    const body =
      path === '/token'
        ? JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 86400 })
        : JSON.stringify({ ok: true, items: [1, 2, 3], note: 'small JSON body' });
    if (path === '/secure' && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401);
      res.end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
const up = `http://127.0.0.1:${upstream.address().port}`;
const spec = (title, paths, extra = {}) => ({ openapi: '3.0.3', info: { title, version: '1' }, servers: [{ url: up }], paths, ...extra });
async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
async function start(root) {
  const dir = mkdtempSync(join(tmpdir(), 'ep-ab-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOOLROUTER_') && k !== 'DATABASE_URL'));
  const prof = process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}/${root.split('/').pop()}`] : [];
  const child = spawn(process.execPath, [...prof, join(root, 'packages/server/bin/toolrouter.js'), 'serve', '--workers', '1'], {
    cwd: root,
    env: { ...clean, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOOLROUTER_API_KEY: API_KEY, TOOLROUTER_EGRESS_ALLOW: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await listeningUrl(child, 120_000).url;
  const api = `${base}/api/v3.1`;
  await call(api, 'POST', '/toolkits/import', {
    slug: 'bench',
    spec: spec('Bench', { '/ping': { get: { operationId: 'ping', summary: 'Ping', responses: { 200: { description: 'ok' } } } } }),
  });
  const slug = ((t) => (t.items ?? t)[0].slug)(await call(api, 'GET', '/tools?toolkit_slug=bench'));
  const session = await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user', toolkits: ['bench'] });
  await call(api, 'POST', '/toolkits/import', {
    slug: 'benchauth',
    spec: spec(
      'Bench OAuth2',
      { '/secure': { get: { operationId: 'secure_ping', summary: 'Ping secure', responses: { 200: { description: 'ok' } } } } },
      {
        components: { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${up}/token`, scopes: {} } } } } },
        security: [{ oauth: [] }],
      },
    ),
  });
  const oslug = ((t) => (t.items ?? t)[0].slug)(await call(api, 'GET', '/tools?toolkit_slug=benchauth'));
  const config = await call(api, 'POST', '/auth_configs', {
    toolkit: { slug: 'benchauth' },
    auth_config: {
      type: 'use_custom_auth',
      authScheme: 'OAUTH2',
      credentials: { client_id: 'bench', client_secret: 'bench-secret', grant_type: 'client_credentials' },
    },
  });
  const osession = await call(api, 'POST', '/tool_router/session', {
    user_id: 'bench-user',
    toolkits: ['benchauth'],
    auth_configs: { benchauth: config.auth_config?.id ?? config.id },
  });
  const link = await call(api, 'POST', `/tool_router/session/${osession.session_id}/link`, { toolkit: 'benchauth' });
  await (await fetch(link.redirect_url)).text();
  // The background search-index build: a search waits for it.
  await call(api, 'POST', `/tool_router/session/${session.session_id}/search`, { queries: [{ use_case: 'warm' }] });
  const paths = {
    noauth: { url: `${api}/tool_router/session/${session.session_id}/execute`, body: JSON.stringify({ tool_slug: slug, arguments: {} }) },
    oauth: { url: `${api}/tool_router/session/${osession.session_id}/execute`, body: JSON.stringify({ tool_slug: oslug, arguments: {} }) },
  };
  for (const p of Object.values(paths)) {
    const r = await fetch(p.url, { method: 'POST', headers: HEADERS, body: p.body });
    const t = await r.text();
    if (!r.ok || JSON.parse(t).error !== null) throw new Error(`${root}: ${t.slice(0, 300)}`);
  }
  return {
    root,
    child,
    paths,
    stop: () => {
      child.kill('SIGTERM');
      return new Promise((r) => child.once('exit', r)).then(() => rmSync(dir, { recursive: true, force: true }));
    },
  };
}
const load = (o) =>
  new Promise((res, rej) => autocannon({ method: 'POST', headers: HEADERS, connections: Number(connsS), ...o }, (e, r) => (e ? rej(e) : res(r))));
const servers = [await start(rootA), await start(rootB)];
const names = which === 'both' ? ['noauth', 'oauth'] : [which];
// Warm both (the JIT, and whatever start-up left running).
for (const s of servers) for (const n of names) await load({ url: s.paths[n].url, body: s.paths[n].body, duration: Number(process.env.WARM ?? 8) });
const acc = new Map();
for (let round = 0; round < Number(roundsS); round++) {
  const order = round % 2 ? [...servers].reverse() : servers;
  for (const n of names)
    for (const s of order) {
      const before = cpuMs(s.child.pid);
      const r = await load({ url: s.paths[n].url, body: s.paths[n].body, duration: Number(secondsS) });
      const after = cpuMs(s.child.pid);
      const k = `${n} ${s === servers[0] ? 'A' : 'B'}`;
      const e = acc.get(k) ?? { cpu: 0, req: 0, errors: 0, runs: [] };
      e.cpu += after - before;
      e.req += r.requests.total;
      e.errors += r.errors + r.non2xx + r.timeouts;
      e.runs.push(((after - before) / r.requests.total).toFixed(2));
      acc.set(k, e);
    }
  process.stderr.write(`round ${round} load ${loadavg()[0].toFixed(1)}\n`);
}
for (const [k, e] of [...acc].sort())
  console.log(`${k}: ${(e.cpu / e.req).toFixed(3)} ms CPU/req over ${e.req} req (errors ${e.errors}) runs ${e.runs.join(' ')}`);
await Promise.all(servers.map((s) => s.stop()));
upstream.close();
