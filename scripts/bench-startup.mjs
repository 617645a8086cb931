#!/usr/bin/env node
/**
 * Start-up speed and idle memory of the server against their targets: with the full built-in catalog
 * (100+ toolkits, 10,000+ tools: the compiled index plus the curated YAML toolkits; tool schemas load
 * lazily) the catalog loads within 2 s and the idle server's RSS stays under 250 MB. A benchmark, not a test: it
 * exits 0 once it has measured (a missed target prints MISSED), and non-zero only if it could not measure.
 *
 *   npm run bench:startup [-- --runs N]
 *
 * Each run starts `toolrouter serve` as `npm start` does, in a fresh process on a fresh data dir, and reads
 * two figures: the catalog load time the server logs ("built-in catalog loaded", ms) and the wall time from
 * spawning the process to its "listening" line (Node start-up, migrations and the first project included),
 * then, after a short idle pause, the server process's resident memory (VmRSS from /proc).
 * The server must be built (`npm install` or `npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './bench/util.mjs';

/** The full catalog (12,000+ tools, schemas lazy) loads within 2 s; the listening time is reported without a target. */
const CATALOG_TARGET_MS = 2000;
const RSS_TARGET_MB = 250;
/** How long the server idles after "listening" before its memory is read. */
const IDLE_MS = 1500;

/** Resident set size of a process in MB (Linux /proc), or NaN where that is not available. */
function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN;
  }
}
const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');
const log = (message) => process.stderr.write(`[bench:startup] ${message}\n`);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

/** One cold start: resolves with {catalogMs, listeningMs} once the server says it listens, then stops it. */
function coldStart() {
  const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      TOOLROUTER_API_KEY: 'trk_bench_startup_key_0123456789',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let catalogMs;
    let tools;
    const fail = (why) => {
      child.kill('SIGTERM');
      reject(new Error(`${why}; server output:\n${output}`));
    };
    const timer = setTimeout(() => fail('no "listening" line within 60 s'), 60_000);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"built-in catalog loaded"')) ({ ms: catalogMs, tools } = JSON.parse(line));
        if (line.startsWith('Tool Router listening on')) {
          const listeningMs = performance.now() - started;
          clearTimeout(timer);
          setTimeout(() => {
            const idleRssMb = rssMb(child.pid);
            child.once('exit', () => {
              rmSync(dataDir, { recursive: true, force: true });
              if (catalogMs === undefined) reject(new Error(`the server did not log its catalog load time; output:\n${output}`));
              else resolve({ catalogMs, listeningMs, tools, idleRssMb });
            });
            child.kill('SIGTERM');
          }, IDLE_MS);
        }
      }
    });
    child.once('exit', (code) => {
      if (code !== null && code !== 0) fail(`the server exited with code ${code}`);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

log(`${runs} cold starts of toolrouter serve (load average ${loadavg()[0].toFixed(1)})`);
const results = [];
for (let i = 0; i < runs; i++) results.push(await coldStart());
const catalog = results.map((r) => r.catalogMs);
const listening = results.map((r) => r.listeningMs);
const verdict = median(catalog) < CATALOG_TARGET_MS ? 'met' : 'MISSED';

console.log('| figure | median | max | target |');
console.log('|---|---|---|---|');
console.log(
  `| built-in catalog load (${results[0].tools.toLocaleString('en')} tools) | ${median(catalog).toFixed(0)} ms | ${Math.max(...catalog).toFixed(0)} ms | < ${CATALOG_TARGET_MS} ms (${verdict}) |`,
);
const rss = results.map((r) => r.idleRssMb);
const met = (ok) => (ok ? 'met' : 'MISSED');
console.log(`| process start to listening, fresh SQLite | ${median(listening).toFixed(0)} ms | ${Math.max(...listening).toFixed(0)} ms | — |`);
console.log(
  `| idle server RSS, ${IDLE_MS / 1000} s after listening | ${median(rss).toFixed(0)} MB | ${Math.max(...rss).toFixed(0)} MB | < ${RSS_TARGET_MB} MB (${met(Math.max(...rss) < RSS_TARGET_MB)}) |`,
);
console.log(
  `\nload average after the runs: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
