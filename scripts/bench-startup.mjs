#!/usr/bin/env node
/**
 * Start-up speed and memory of `toolrouter serve` as `npm start` runs it, with the full built-in catalog
 * (100+ toolkits, 10,000+ tools): up to one server process per core, of which `--min-workers` (one by
 * default) run while the server is idle and the others start while it is busy (cli/worker-demand.ts).
 * Targets: process start → listening under 2 s, and the idle server (all its processes) under 250 MB RSS.
 * A benchmark, not a test: it exits 0 once it has measured (a missed target prints MISSED), and non-zero
 * only if it could not measure.
 *
 *   npm run bench:startup [-- --runs N] [-- --workers N] [-- --min-workers N]
 *
 * Each run starts the server twice on one new data dir: first on the empty dir (database, key file and
 * first project created), then again on the dir the first start left (what a restart costs). It reads:
 * the catalog load time a process logs ("built-in catalog loaded"); the wall time from spawning the
 * process to the first "listening" line (from then on the port answers); the CPU time all processes used
 * until then (which, unlike wall time, the machine's load hardly moves); once the processes kept when idle
 * have built their search index in the background ("search index warmed") and idled a moment, the idle
 * memory; then, when more processes may run, it keeps the server busy (16 connections listing toolkits)
 * until every other process has started and built its index, and reads the time that took and the busy
 * memory. Memory is the RSS of every process summed (what `ps` shows; pages of the node binary that the
 * processes share count once per process) and the PSS summed (shared pages split between the processes
 * that map them: the memory the server really takes), then per process, with each one's RSS split into
 * anonymous pages (its own heap, catalog and search index) and file-backed ones (mostly the node binary).
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
/** Concurrent requests that keep the server busy while the processes it starts under load are measured. */
const LOAD_CONNECTIONS = 16;
const API_KEY = 'trk_bench_startup_key_0123456789';

const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');
const START_SCRIPT = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
/** The node options `npm start` passes (`node <options> packages/server/bin/toolrouter.js serve` in package.json). */
const START_OPTIONS = START_SCRIPT.split(/\s+/).filter((word) => word.startsWith('--'));
/** The environment defaults `npm start` sets before node (`NAME=${NAME:-value}`), unless this shell sets them. */
const START_ENV = Object.fromEntries([...START_SCRIPT.matchAll(/(\w+)=\$\{\1:-([^}]*)\}/g)].map(([, name, value]) => [name, process.env[name] ?? value]));
const log = (message) => process.stderr.write(`[bench:startup] ${message}\n`);

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, workers: { type: 'string' }, 'min-workers': { type: 'string', default: '1' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer');
const minWorkers = Number(values['min-workers']);
if (!Number.isInteger(minWorkers) || minWorkers < 1 || minWorkers > workers) throw new Error('--min-workers must be a whole number from 1 to --workers');

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

/** Memory of every process of the server now: RSS, its anonymous and file-backed parts, and PSS (MB each). */
function memory(rootPid) {
  // Per process: RSS splits into anonymous pages (heap, the catalog, the search index: the process's own)
  // and file-backed ones (mostly the node binary, mapped by every process and counted in each one's RSS).
  const each = processTree(rootPid).map((pid) => ({
    rss: procMb(pid, 'status', 'VmRSS'),
    anon: procMb(pid, 'status', 'RssAnon'),
    file: procMb(pid, 'status', 'RssFile'),
    pss: procMb(pid, 'smaps_rollup', 'Pss'),
  }));
  return { each, rss: each.reduce((sum, p) => sum + p.rss, 0), pss: each.reduce((sum, p) => sum + p.pss, 0) };
}

/**
 * Requests from LOAD_CONNECTIONS connections at once, each sent when the last answer is in, until `stop()`:
 * enough to keep the server's first process busy, so that it starts its followers.
 */
function busyLoad(url) {
  let running = true;
  const loops = Array.from({ length: LOAD_CONNECTIONS }, async () => {
    while (running) {
      const res = await fetch(`${url}/api/v3.1/toolkits?limit=100`, { headers: { 'x-api-key': API_KEY } }).catch(() => undefined);
      await res?.arrayBuffer();
    }
  });
  return () => {
    running = false;
    return Promise.all(loops);
  };
}

/**
 * One start on `dataDir`: resolves with its figures once the processes kept when idle are listening, warmed
 * and idle (idle memory), and, when more may run, once load has started every other one and they have
 * warmed too (busy memory); then it stops the server.
 */
function start(dataDir) {
  const started = performance.now();
  const child = spawn(process.execPath, [...START_OPTIONS, BIN, 'serve', '--workers', String(workers), '--min-workers', String(minWorkers)], {
    env: {
      ...process.env,
      ...START_ENV,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      TOOLROUTER_API_KEY: API_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let catalogMs;
    let tools;
    let url;
    const listening = [];
    let cpuAtListening;
    let warmed = 0;
    let idle;
    let loadStarted;
    let stopLoad;
    let finishing = false;
    const fail = (why) => {
      void stopLoad?.();
      child.kill('SIGTERM');
      reject(new Error(`${why}; server output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`the server did not reach ${idle ? 'its busy' : 'its idle'} state within 180 s`), 180_000);
    const finish = (busy) => {
      if (finishing) return;
      finishing = true;
      clearTimeout(timer);
      child.once('exit', () => {
        if (catalogMs === undefined) reject(new Error(`the server did not log its catalog load time; output:\n${output}`));
        else resolve({ catalogMs, tools, firstMs: listening[0], cpuMs: cpuAtListening, idle, busy, warmed });
      });
      Promise.resolve(stopLoad?.()).then(() => child.kill('SIGTERM'));
    };
    const measureIdle = () => {
      if (idle) return;
      idle = { pending: true };
      setTimeout(() => {
        idle = memory(child.pid);
        if (workers === minWorkers) return finish(undefined);
        // Busy: the processes beyond --min-workers start under load; timed from the load's start to the last one warmed.
        loadStarted = performance.now();
        stopLoad = busyLoad(url);
      }, IDLE_MS);
    };
    const measureBusy = () => {
      const startedMs = listening.at(-1) - (loadStarted - started);
      const warmedMs = performance.now() - loadStarted;
      finish({ ...memory(child.pid), startedMs, warmedMs });
    };
    setTimeout(() => !idle && measureIdle(), WARM_TIMEOUT_MS).unref();
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"built-in catalog loaded"') && catalogMs === undefined) ({ ms: catalogMs, tools } = JSON.parse(line));
        const listen = /^Tool Router listening on (\S+)/.exec(line);
        if (listen) {
          url ??= listen[1];
          listening.push(performance.now() - started);
          // Load-independent: the CPU the server's processes used until the port answered.
          if (cpuAtListening === undefined) cpuAtListening = processTree(child.pid).reduce((sum, pid) => sum + cpuMs(pid), 0);
        }
        if (line.includes('"search index warmed"')) {
          warmed++;
          if (warmed === minWorkers) measureIdle();
          if (warmed === workers && workers > minWorkers) measureBusy();
        }
      }
    });
    child.once('exit', (code) => {
      if (!finishing && code !== null && code !== 0) fail(`the server exited with code ${code}`);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const met = (ok) => (ok ? 'met' : 'MISSED');

log(
  `${runs} × (a start on an empty data dir, then a restart on it) of ${Object.entries(START_ENV)
    .map(([k, v]) => `${k}=${v} `)
    .join('')}node ${START_OPTIONS.join(' ')} toolrouter serve --workers ${workers} --min-workers ${minWorkers} (load average ${loadavg()[0].toFixed(1)})`,
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
    'CPU used by all processes until the first listening line',
    all.map((r) => r.cpuMs),
    'ms',
    '—',
  ),
);
const idleProcesses = minWorkers > 1 ? `${minWorkers} server processes summed` : 'the one server process kept';
const idleRss = all.map((r) => r.idle.rss);
console.log(row(`idle RSS, ${idleProcesses} (search index built)`, idleRss, 'MB', `< ${RSS_TARGET_MB} MB (${met(Math.max(...idleRss) < RSS_TARGET_MB)})`));
console.log(
  row(
    `idle PSS, ${idleProcesses} (shared pages counted once)`,
    all.map((r) => r.idle.pss),
    'MB',
    '—',
  ),
);
const busy = all.map((r) => r.busy).filter(Boolean);
const busyRows = [
  [`busy: load begins → all ${workers} processes listening`, 'startedMs', 'ms'],
  [`busy: load begins → all ${workers} processes' search indexes built`, 'warmedMs', 'ms'],
  [`busy RSS, ${workers} server processes summed`, 'rss', 'MB'],
  [`busy PSS, ${workers} server processes summed`, 'pss', 'MB'],
];
if (busy.length > 0)
  for (const [figure, key, unit] of busyRows)
    console.log(
      row(
        figure,
        busy.map((b) => b[key]),
        unit,
        '—',
      ),
    );
// Where the totals come from: the process started, which serves and forks the others, then each of those.
const roles = workers > 1 ? ['first (started; forks the others)', ...Array.from({ length: workers - 1 }, (_, i) => `follower ${i + 1}`)] : ['server'];
for (const [state, of] of [
  ['idle', (r) => r.idle],
  ['busy', (r) => r.busy],
]) {
  const measured = all.map(of).filter(Boolean);
  if (measured.length === 0) continue;
  console.log(`\n| process, ${state} (medians over the starts) | RSS | anonymous (its own) | file-backed (node binary, shared) | PSS |`);
  console.log('|---|---|---|---|---|');
  roles.forEach((role, i) => {
    const figures = measured.map((m) => m.each[i]).filter(Boolean);
    if (figures.length === 0) return;
    const mb = (key) => `${median(figures.map((f) => f[key])).toFixed(0)} MB`;
    console.log(`| ${role} | ${mb('rss')} | ${mb('anon')} | ${mb('file')} | ${mb('pss')} |`);
  });
  console.log(`| total | ${median(measured.map((m) => m.rss)).toFixed(0)} MB | | | ${median(measured.map((m) => m.pss)).toFixed(0)} MB |`);
}
if (all.some((r) => r.warmed < minWorkers)) log('some processes did not report a warmed search index within 30 s; their memory was read anyway');
console.log(
  `\nload average after the runs: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
