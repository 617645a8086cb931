/**
 * What the router benchmarks share (scripts/bench-router.mjs, scripts/bench-paired.mjs): a loopback upstream
 * that is also an OAuth2 provider, the `bench` and `benchauth` toolkits pointing at it, `toolrouter serve` as a
 * child process of a given checkout, its CPU time and memory from /proc, the sessions every path runs in, the
 * requests of those paths, and autocannon. One place, so every bench measures the same requests.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { listeningUrl, ROOT } from './util.mjs';

export const API_KEY = 'trk_bench_router_key_0123456789abcdef';
export const HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };
const MCP_HEADERS = { ...HEADERS, accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };
const BENCH_TOKEN = 'bench-oauth2-access-token';

/**
 * The upstream: what every routed call ends at. It is also the OAuth2 provider of the second toolkit:
 * `/token` grants a token (client credentials), and `/secure` answers only a request that carries it,
 * so the OAuth2 path proves the token was injected on every call.
 */
export async function startUpstream() {
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
 * `toolrouter serve` of the checkout `root` on a free loopback port, with the bench's API key and egress to the
 * upstream allowed; nothing of this shell's TOOLROUTER_* or DATABASE_URL leaks in. `profileDir` writes V8 CPU
 * profiles of the server (and its workers) there. `url` resolves once it listens; `stop` ends it cleanly.
 */
export function startServer({ root = ROOT, env = {}, workers, profileDir } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOOLROUTER_') && k !== 'DATABASE_URL'));
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const bin = join(root, 'packages/server/bin/toolrouter.js');
  const child = spawn(process.execPath, [...profile, bin, 'serve', ...(workers ? ['--workers', String(workers)] : [])], {
    cwd: root,
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
 * elsewhere). Divided by the requests of a run it gives the server's cost per request, which moves
 * far less with the machine's load than req/s does.
 */
export function cpuMs(pid) {
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
export function rssMb(pid) {
  let kb = 0;
  for (const p of serverPids(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

/** One API call with the bench's key; fails loudly on a non-2xx answer. */
export async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** autocannon as a promise; `options` carries url, method, headers, body, duration and connections. */
export function runLoad(options) {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

async function importToolkit(api, slug, spec) {
  await call(api, 'POST', '/toolkits/import', { slug, spec });
  const tools = await call(api, 'GET', `/tools?toolkit_slug=${slug}`);
  return (tools.items ?? tools)[0]?.slug;
}

/**
 * An OAuth2 account for `bench-user`, connected the way an application does it: an auth config
 * with the client's credentials, a Connect Link opened once (client credentials need no provider
 * page), then a session that uses it. Returns the session id and the tool's slug.
 */
async function oauthSession(api, upstreamUrl) {
  const slug = (await importToolkit(api, 'benchauth', oauthSpec(upstreamUrl))) ?? 'BENCHAUTH_SECURE_PING';
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

/**
 * The sessions the paths run in, on a server at `base`: `bench` (the no-auth toolkit), `oauth` (the OAuth2
 * one, account connected) and `everything` (no toolkit list, so search ranks the whole catalog: the target's case).
 */
export async function benchSessions(base, upstreamUrl) {
  const api = `${base}/api/v3.1`;
  const slug = (await importToolkit(api, 'bench', upstreamSpec(upstreamUrl))) ?? 'BENCH_PING';
  const session = await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user', toolkits: ['bench'] });
  const oauth = await oauthSession(api, upstreamUrl);
  const everything = (await call(api, 'POST', '/tool_router/session', { user_id: 'bench-user' })).session_id;
  return { base, api, bench: { id: session.session_id, slug }, oauth, everything };
}

const executed = (text) => JSON.parse(text).error === null;
const answered = (text) => text.includes('"result"') && !text.includes('"isError":true');

/**
 * The requests of the routed hot paths, by the names bench-paired's `--path` takes; each with a `check` of its
 * answer, so a broken path fails loudly rather than measuring a fast error.
 */
export function pathRequests({ base, api, bench, oauth, everything }) {
  const execute = (session) => ({
    url: `${api}/tool_router/session/${session.id}/execute`,
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ tool_slug: session.slug, arguments: {} }),
    check: executed,
  });
  const mcp = (method, params) => ({
    url: `${base}/tool_router/${bench.id}/mcp`,
    method: 'POST',
    headers: MCP_HEADERS,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    check: answered,
  });
  return {
    rest: execute(bench),
    'rest-oauth': execute(oauth),
    mcp: mcp('tools/call', { name: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: { tools: [{ tool_slug: bench.slug, arguments: {} }] } }),
    'mcp-direct': mcp('tools/call', { name: bench.slug, arguments: {} }),
    'mcp-list': mcp('tools/list'),
    search: {
      url: `${api}/tool_router/session/${everything}/search`,
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ queries: [{ use_case: 'list the open issues of a repository' }] }),
    },
  };
}

/** Checks one request of a path by hand before loading it, so a broken path fails loudly, not as a fast 4xx. */
export async function probe(name, target) {
  const res = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body });
  const text = await res.text();
  if (!res.ok || (target.check && !target.check(text))) throw new Error(`${name}: ${res.status} ${text.slice(0, 300)}`);
}

/**
 * Waits until the server runs all its processes and its background work after start-up is over, so the first
 * measured run does not pay for it.
 * `serve` builds the search index of the first projects in every worker once it listens (`warmSearch`), a second or
 * more of CPU each; a search that arrives meanwhile waits for that build. So: searches on several fresh connections
 * at once (the cluster hands new connections to its workers in turn, so each worker answers some), then until the
 * server's processes have used under 5 % of a core for a whole second, which also covers a worker that the
 * searches missed and anything else still running from start-up. Gives up after a minute with a warning.
 */
export async function settle(pid, searchUrl, workers, log) {
  const started = performance.now();
  const body = JSON.stringify({ queries: [{ use_case: 'warm up the search index' }] });
  // Processes beyond --min-workers start only while the server is busy (cli/worker-demand.ts), as they would
  // under any load that lasts: keep it busy until all of them run, so every row measures the same processes.
  while (process.platform === 'linux' && serverPids(pid).length < workers && performance.now() - started < 60_000)
    await runLoad({ url: searchUrl, method: 'POST', headers: HEADERS, body, duration: 1, connections: 16 });
  if (serverPids(pid).length < workers) log(`only ${serverPids(pid).length} of ${workers} server processes started under a minute of load`);
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
  for (let before = cpuMs(pid); quietFor < 1000 && performance.now() - started < 60_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuMs(pid);
    if (before === undefined || now === undefined) return; // not Linux: nothing to watch
    quietFor = now - before <= 0.05 * 250 ? quietFor + 250 : 0;
    before = now;
  }
  if (quietFor < 1000) log('the server did not become idle within a minute of start-up; the first run may carry its background work');
  log(`settled: searches answered after ${Math.round(searched - started)} ms, idle after ${Math.round(performance.now() - started)} ms`);
}
