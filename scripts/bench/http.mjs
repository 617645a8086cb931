// End-to-end search latency: the real server as a child process, toolkits imported through its API,
// sequential requests to POST /api/v3.1/tool_router/session/{id}/search.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listeningUrl, log, ROOT, summarize } from './util.mjs';

const API_KEY = 'bench-search-key-0123456789abcdef0123456789';
const START_TIMEOUT_MS = 60_000;

/**
 * Environment for the server: the caller's, minus anything that would point it at another database or an
 * embedding server (the benchmark measures the default, self-contained setup), plus the bench settings.
 */
function serverEnv(dataDir) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TOOLROUTER_') && k !== 'DATABASE_URL' && k !== 'PORT' && k !== 'HOST'),
  );
  return {
    ...env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TOOLROUTER_API_KEY: API_KEY,
    LOG_LEVEL: 'warn',
    // Some real specs are larger than the default 5 MB request limit; the import must not drop them,
    // or the HTTP catalog would differ from the in-process one.
    TOOLROUTER_MAX_BODY_BYTES: String(64 * 1024 * 1024),
  };
}

/** Starts `toolrouter serve` and resolves with its URL once it prints the listening line. */
function startServer(dataDir) {
  const child = spawn(process.execPath, [join(ROOT, 'packages/server/bin/toolrouter.js'), 'serve'], {
    cwd: ROOT,
    env: serverEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url, output } = listeningUrl(child, START_TIMEOUT_MS);
  return { child, url, output };
}

function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // A server stuck in shutdown must not keep the benchmark alive.
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

async function post(base, path, body) {
  const res = await fetch(`${base}/api/v3.1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Imports the toolkits' original specs one by one; returns the number of tools the server reports. */
async function importToolkits(base, toolkits, apiDir) {
  let tools = 0;
  const started = performance.now();
  for (const [i, tk] of toolkits.entries()) {
    const spec = JSON.parse(readFileSync(join(apiDir, tk.file), 'utf8'));
    const imported = await post(base, '/toolkits/import', { slug: tk.toolkit.slug, spec });
    tools += imported.tool_count;
    if ((i + 1) % 50 === 0 || i + 1 === toolkits.length) log(`  imported ${i + 1}/${toolkits.length} toolkits (${tools.toLocaleString('en-US')} tools)`);
  }
  return { tools, ms: performance.now() - started };
}

/** Times sequential searches (request sent → whole body received), after `warmup` untimed ones. */
async function timeSearches(base, sessionId, texts, warmup) {
  const search = (text) => post(base, `/tool_router/session/${sessionId}/search`, { queries: [{ use_case: text }] });
  const first = await search(texts[0]); // also builds the project's index: not part of any figure
  if (first.success !== true) throw new Error(`search failed: ${JSON.stringify(first).slice(0, 300)}`);
  for (let i = 0; i < warmup; i++) await search(texts[i % texts.length]);
  const durations = [];
  for (const text of texts) {
    const started = performance.now();
    await search(text);
    durations.push(performance.now() - started);
  }
  return summarize(durations);
}

/**
 * Starts the server on a fresh data dir, imports `toolkits` (GitHub is built in), then times the search
 * endpoint. The server is always stopped and the data dir removed.
 */
export async function benchHttp({ toolkits, apiDir, texts, warmup }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-'));
  const server = startServer(dataDir);
  try {
    const base = await server.url;
    log(`server listening on ${base}; importing ${toolkits.length} toolkits through the API`);
    const imported = await importToolkits(base, toolkits, apiDir);
    const { session_id: sessionId } = await post(base, '/tool_router/session', { user_id: 'bench' });
    log(`timing ${texts.length} sequential searches (after ${warmup} warm-up requests)`);
    const latency = await timeSearches(base, sessionId, texts, warmup);
    return { importedTools: imported.tools, importMs: imported.ms, latency };
  } finally {
    await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
