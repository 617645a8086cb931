#!/usr/bin/env node
/**
 * Start-up time of each CLI command, as a user feels it: spawn `node packages/server/bin/toolrouter.js …`
 * (what `npx toolrouter` runs) and wait for it to exit. A benchmark, not a test: it prints figures and a
 * target check (commands that do not need the catalog should finish well under a second), exits 0 once
 * it has measured, and non-zero only if a command failed.
 *
 *   npm run bench:cli [-- --runs N]
 *
 * Every command runs against one fresh SQLite data dir holding one project. The commands marked "catalog"
 * load the built-in catalog by design; the others must not. The machine's load average is printed
 * before and after because on a shared machine it moves the figures more than anything else.
 * The server must be built (`npm install` or `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './bench/util.mjs';

const TARGET_MS = 500; // "well under a second" for commands that do not need the catalog
const BIN = join(ROOT, 'packages/server/bin/toolrouter.js');

const COMMANDS = [
  { args: ['--help'], catalog: false },
  { args: ['projects', 'list'], catalog: false },
  { args: ['keys', 'list'], catalog: false },
  { args: ['egress', 'show'], catalog: false },
  { args: ['workbench', 'check', '--help'], catalog: false },
  { args: ['serve', '--help'], catalog: false },
  { args: ['eval', '--help'], catalog: false },
  { args: ['toolkits', 'list'], catalog: true },
  { args: ['tools', 'list', '--toolkit', 'hackernews'], catalog: true },
  { args: ['catalog', 'list'], catalog: true },
];

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

const dataDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };

/** Runs one command to completion; returns its wall time in ms, or throws with what it printed. */
function timeOnce(args) {
  const started = performance.now();
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - started;
  if (res.status !== 0) throw new Error(`toolrouter ${args.join(' ')} exited ${res.status}:\n${res.stderr}`);
  return ms;
}

const median = (sorted) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

try {
  timeOnce(['projects', 'create', 'bench']); // the database and its one project; not measured
  console.log(`bench:cli — node ${process.version}, ${runs} runs per command, median (min … max) wall time`);
  console.log(`load average before: ${load()}`);
  let missed = 0;
  for (const { args, catalog } of COMMANDS) {
    timeOnce(args); // warm the file cache, as a user's second call would be
    const times = Array.from({ length: runs }, () => timeOnce(args)).sort((a, b) => a - b);
    const med = median(times);
    const verdict = catalog ? 'catalog' : med < TARGET_MS ? 'ok' : 'MISSED';
    if (verdict === 'MISSED') missed++;
    const label = `toolrouter ${args.join(' ')}`.padEnd(48);
    console.log(`${label} ${String(Math.round(med)).padStart(5)} ms  (${Math.round(times[0])} … ${Math.round(times.at(-1))})  ${verdict}`);
  }
  console.log(`load average after:  ${load()}`);
  console.log(`target: commands without the catalog under ${TARGET_MS} ms — ${missed === 0 ? 'met' : `MISSED by ${missed}`}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
