#!/usr/bin/env node
/**
 * How well the server keeps answering while it converts large OpenAPI imports. A benchmark, not a
 * test: it prints figures and exits 0 once it has measured, non-zero only if it could not measure.
 *
 *   npm run bench:import [-- --operations N] [-- --invalid-operations N]
 *
 * Starts `toolrouter serve` on a fresh SQLite data dir, then imports, one after the other, a valid
 * document with N operations and a broken one (every operation has `responses: {}`, which makes
 * validation slow). During each import it asks GET /health every 20 ms and reports how long the
 * slowest answer took. The server must be built (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './bench/util.mjs';

const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');
const KEY = 'trk_bench_import_key_0123456789ab';
const log = (message) => process.stderr.write(`[bench:import] ${message}\n`);

const { values } = parseArgs({ options: { operations: { type: 'string', default: '5000' }, 'invalid-operations': { type: 'string', default: '800' } } });
const validCount = Number(values.operations);
const invalidCount = Number(values['invalid-operations']);

function spec(count, broken) {
  const paths = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}/{id}`] = {
      get: {
        operationId: `getThing${i}`,
        summary: `Get thing ${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: broken ? {} : { 200: { description: 'ok' } },
      },
    };
  }
  return { openapi: '3.0.3', info: { title: 'Bench', version: '1' }, servers: [{ url: 'https://bench.example.com' }], paths };
}

/** Starts the server; resolves with its base URL and the child process. */
function startServer(dataDir) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      TOOLROUTER_API_KEY: KEY,
      TOOLROUTER_MAX_BODY_BYTES: String(50 * 1024 * 1024),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${output}`)), 60_000);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Tool Router listening on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}:\n${output}`)));
  });
}

/** Imports `document` while probing /health; returns the import's status and time and the probes' worst latency. */
async function importWhileProbing(url, slug, document) {
  let done = false;
  const latencies = [];
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${url}/health`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const response = await fetch(`${url}/api/v3.1/toolkits/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ slug, spec: document }),
  });
  const body = await response.json();
  const importMs = performance.now() - started;
  done = true;
  await probing;
  return { status: response.status, slug: body.error?.slug ?? `${body.tool_count} tools`, importMs, probes: latencies.length, worstMs: Math.max(...latencies) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-import-'));
const { child, url } = await startServer(dataDir);
try {
  log(`server at ${url} (load average ${loadavg()[0].toFixed(1)})`);
  const rows = [
    [`valid, ${validCount.toLocaleString('en')} operations`, await importWhileProbing(url, 'bench_valid', spec(validCount, false))],
    [`broken, ${invalidCount.toLocaleString('en')} operations`, await importWhileProbing(url, 'bench_broken', spec(invalidCount, true))],
  ];
  console.log('| import | answer | import time | /health probes | slowest /health |');
  console.log('|---|---|---|---|---|');
  for (const [name, r] of rows) {
    console.log(`| ${name} | ${r.status} ${r.slug} | ${r.importMs.toFixed(0)} ms | ${r.probes} | ${r.worstMs.toFixed(0)} ms |`);
  }
} finally {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
