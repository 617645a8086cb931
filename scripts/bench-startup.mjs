#!/usr/bin/env node
/**
 * Start-up speed and idle memory of `toolrouter serve` as `npm start` runs it: one server process per
 * core (the one started, and the followers it forks), with the full built-in catalog (100+ toolkits,
 * 10,000+ tools). Targets: process start → listening under 2 s, and the idle server (all its processes)
 * under 250 MB RSS. A
 * benchmark, not a test: it exits 0 once it has measured (a missed target prints MISSED), and non-zero
 * only if it could not measure.
 *
 *   npm run bench:startup [-- --runs N] [-- --workers N]
 *
 * Each run starts the server twice on one new data dir: first on the empty dir (database, key file and
 * first project created), then again on the dir the first start left (what a restart costs). It reads:
 * the catalog load time a worker logs ("built-in catalog loaded"); the wall time from spawning the
 * process to the first "listening" line (from then on the port answers) and to the last worker's; the CPU
 * time all processes used until that first line (which, unlike wall time, the machine's load hardly moves); and,
 * once every worker has also built its search index in the background ("search index warmed") and
 * idled a moment, the resident memory of every process of the server: RSS summed (what `ps` shows;
 * pages of the node binary that the processes share count once per process) and PSS summed (shared
 * pages split between the processes that map them: the memory the server really takes), then the same
 * per process, with each one's RSS split into anonymous pages (its own heap, catalog and search index)
 * and file-backed ones (mostly the node binary, which every process maps).
 * The server must be built (`npm install` or `npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './bench/util.mjs';

const LISTENING_TARGET_MS = 2000;
const RSS_TARGET_MB = 250;
/** How long the server idles, after its last worker warmed its search index, before its memory is read. */
const IDLE_MS = 1500;
/** A worker that never reports its search index is measured anyway after this long. */
const WARM_TIMEOUT_MS = 30_000;

const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');
/** The node options `npm start` passes (`node <options> packages/server/bin/toolrouter.js serve` in package.json). */
const START_OPTIONS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((word) => word.startsWith('--'));
const log = (message) => process.stderr.write(`[bench:startup] ${message}\n`);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, workers: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer');

/** A kB figure of /proc/<pid>/<file>, in MB (NaN where /proc does not have it). */
function procMb(pid, file, field) {
  try {
    const line = readFileSync(`/proc/${pid}/${file}`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms; /proc counts it in ticks of 1/100 s on Linux. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** `pid` and its child processes (the followers it forked). */
function processTree(pid) {
  const children = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name before it may hold spaces, so split after ")".
      const after = readFileSync(`/proc/${name}/stat`, 'utf8').split(')').pop().trim().split(' ');
      if (Number(after[1]) === pid) children.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return [pid, ...children];
}

/** One start on `dataDir`: resolves with its figures once every worker is listening, warmed and idle, then stops it. */
function start(dataDir) {
  const started = performance.now();
  const child = spawn(process.execPath, [...START_OPTIONS, BIN, 'serve', '--workers', String(workers)], {
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
    const listening = [];
    let cpuAtListening;
    let warmed = 0;
    let measuring = false;
    const fail = (why) => {
      child.kill('SIGTERM');
      reject(new Error(`${why}; server output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`fewer than ${workers} "listening" lines within 180 s`), 180_000);
    const measure = () => {
      if (measuring) return;
      measuring = true;
      clearTimeout(timer);
      setTimeout(() => {
        const pids = processTree(child.pid);
        // Per process: RSS splits into anonymous pages (heap, the catalog, the search index: the process's own)
        // and file-backed ones (mostly the node binary, mapped by every process and counted in each one's RSS).
        const each = pids.map((pid) => ({
          rss: procMb(pid, 'status', 'VmRSS'),
          anon: procMb(pid, 'status', 'RssAnon'),
          file: procMb(pid, 'status', 'RssFile'),
          pss: procMb(pid, 'smaps_rollup', 'Pss'),
        }));
        const rss = each.reduce((sum, p) => sum + p.rss, 0);
        const pss = each.reduce((sum, p) => sum + p.pss, 0);
        child.once('exit', () => {
          if (catalogMs === undefined) reject(new Error(`the server did not log its catalog load time; output:\n${output}`));
          else
            resolve({
              catalogMs,
              tools,
              firstMs: listening[0],
              allMs: listening.at(-1),
              cpuMs: cpuAtListening,
              rss,
              pss,
              each,
              processes: pids.length,
              warmed,
            });
        });
        child.kill('SIGTERM');
      }, IDLE_MS);
    };
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"built-in catalog loaded"') && catalogMs === undefined) ({ ms: catalogMs, tools } = JSON.parse(line));
        if (line.startsWith('Tool Router listening on')) {
          listening.push(performance.now() - started);
          // Load-independent: the CPU the server's processes used until the port answered.
          if (cpuAtListening === undefined) cpuAtListening = processTree(child.pid).reduce((sum, pid) => sum + cpuMs(pid), 0);
          if (listening.length === workers) setTimeout(measure, WARM_TIMEOUT_MS).unref();
        }
        if (line.includes('"search index warmed"') && ++warmed === workers) measure();
      }
    });
    child.once('exit', (code) => {
      if (!measuring && code !== null && code !== 0) fail(`the server exited with code ${code}`);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const met = (ok) => (ok ? 'met' : 'MISSED');

log(
  `${runs} × (a start on an empty data dir, then a restart on it) of node ${START_OPTIONS.join(' ')} toolrouter serve --workers ${workers} (load average ${loadavg()[0].toFixed(1)})`,
);
const fresh = [];
const again = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-startup-'));
  try {
    fresh.push(await start(dataDir));
    again.push(await start(dataDir));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const all = [...fresh, ...again];
const row = (figure, xs, unit, target) => `| ${figure} | ${median(xs).toFixed(0)} ${unit} | ${Math.max(...xs).toFixed(0)} ${unit} | ${target} |`;
const first = (rs) => rs.map((r) => r.firstMs);

console.log('| figure | median | max | target |');
console.log('|---|---|---|---|');
console.log(
  row(
    `built-in catalog load in a worker (${all[0].tools.toLocaleString('en')} tools)`,
    all.map((r) => r.catalogMs),
    'ms',
    '—',
  ),
);
console.log(
  row('process start → listening, empty data dir', first(fresh), 'ms', `< ${LISTENING_TARGET_MS} ms (${met(median(first(fresh)) < LISTENING_TARGET_MS)})`),
);
console.log(
  row('process start → listening, existing data dir', first(again), 'ms', `< ${LISTENING_TARGET_MS} ms (${met(median(first(again)) < LISTENING_TARGET_MS)})`),
);
console.log(
  row(
    `process start → all ${workers} workers listening`,
    all.map((r) => r.allMs),
    'ms',
    '—',
  ),
);
console.log(
  row(
    'CPU used by all processes until the first listening line',
    all.map((r) => r.cpuMs),
    'ms',
    '—',
  ),
);
const rss = all.map((r) => r.rss);
const processes = workers > 1 ? `${workers} server processes summed` : 'the one server process';
const pss = all.map((r) => r.pss);
console.log(row(`idle RSS, ${processes} (search indexes built)`, rss, 'MB', `< ${RSS_TARGET_MB} MB (${met(Math.max(...rss) < RSS_TARGET_MB)})`));
console.log(row(`idle PSS, ${processes} (shared pages counted once)`, pss, 'MB', '—'));
// Where the total comes from: the process started, which serves and forks the others, then each of those.
const roles = workers > 1 ? ['first (started; forks the others)', ...Array.from({ length: workers - 1 }, (_, i) => `follower ${i + 1}`)] : ['server'];
console.log('\n| process (medians over the starts) | RSS | anonymous (its own) | file-backed (node binary, shared) | PSS |');
console.log('|---|---|---|---|---|');
roles.forEach((role, i) => {
  const of = (key) => `${median(all.map((r) => r.each[i]?.[key] ?? NaN)).toFixed(0)} MB`;
  console.log(`| ${role} | ${of('rss')} | ${of('anon')} | ${of('file')} | ${of('pss')} |`);
});
console.log(`| total | ${median(rss).toFixed(0)} MB | | | ${median(pss).toFixed(0)} MB |`);
if (all.some((r) => r.warmed < workers)) log('some workers did not report a warmed search index within 30 s; their memory was read anyway');
console.log(
  `\nload average after the runs: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
