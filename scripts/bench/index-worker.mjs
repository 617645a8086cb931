// Child process of scripts/bench-search.mjs: builds one ToolIndex from a pool file and measures it.
// Runs in its own process so that neither the spec converter nor the parent's copy of the catalog
// shows up in its memory or its GC pauses. Started with --expose-gc; the task is a JSON file (argv[2]);
// the result is one JSON line on stdout.
//
//   mode "memory":  build the index, then report build time and memory. Nothing else runs first.
//   mode "latency": build the index, then time every query of the mix (and, with `update`, incremental updates).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { takeTools } from './catalog.mjs';
import { ROOT, summarize } from './util.mjs';

const dist = (path) => import(pathToFileURL(join(ROOT, 'packages/server/dist', path)).href);
const { ToolIndex, defaultWordVectors } = await dist('search/engine/index.js');
// The bundled word vectors, loaded once as the server does at boot (TOOLROUTER_SEARCH_WORD_VECTORS=off: none).
const wordVectors = process.env.TOOLROUTER_SEARCH_WORD_VECTORS === 'off' ? undefined : defaultWordVectors();
const { indexedTool } = await dist('search/indexed-tool.js');
const { collectGarbageNow } = await dist('idle-gc.js');

const LIMIT = 10;
const UPDATE_REPEATS = 5;

function collectGarbage() {
  // Two passes: the first can leave finalisable or weakly held objects for the second.
  globalThis.gc();
  globalThis.gc();
}

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** The first `size` tools of the pool; the JSON text is dropped before returning so it can be collected. */
function loadToolkits(poolFile, size) {
  const pool = JSON.parse(readFileSync(poolFile, 'utf8'));
  return takeTools(pool.toolkits, size);
}

/**
 * The pool keeps only the searchable fields of each tool (see trimBundle in catalog.mjs). Every pooled tool is a
 * compiled or converted HTTP operation, never a curated one, which is what `indexedTool` reads the binding for.
 */
const RAW_OPERATION = { kind: 'http' };
const docsOf = (tk) => tk.tools.map((t) => indexedTool({ binding: RAW_OPERATION, ...t }, tk.toolkit));

/**
 * Maps catalog tools to search documents and indexes them toolkit by toolkit, as the server does. The index
 * computes some statistics lazily on the first query after a change, so that query counts as part of the build.
 */
function buildIndex(toolkits) {
  const index = new ToolIndex(undefined, wordVectors);
  const started = performance.now();
  for (const tk of toolkits) index.upsertToolkit(tk.toolkit.slug, docsOf(tk));
  const indexed = performance.now();
  index.search('list all items', { limit: LIMIT });
  const ready = performance.now();
  return { index, upsertMs: indexed - started, firstQueryMs: ready - indexed, buildMs: ready - started };
}

function timeQueries(index, texts, warmup) {
  for (let i = 0; i < warmup; i++) index.search(texts[i % texts.length], { limit: LIMIT });
  const durations = new Float64Array(texts.length);
  let empty = 0;
  for (let i = 0; i < texts.length; i++) {
    const started = performance.now();
    const hits = index.search(texts[i], { limit: LIMIT });
    durations[i] = performance.now() - started;
    if (hits.length === 0) empty++;
  }
  return { ...summarize(durations), empty };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median time of `change` and of the first query after it (which pays for the lazily refreshed statistics). */
function timeUpdate(index, change, probe) {
  const changeMs = [];
  const firstQueryMs = [];
  for (let i = 0; i < UPDATE_REPEATS; i++) {
    const { setup, apply } = change();
    setup?.();
    let t = performance.now();
    apply();
    changeMs.push(performance.now() - t);
    t = performance.now();
    index.search(probe, { limit: LIMIT });
    firstQueryMs.push(performance.now() - t);
  }
  return { ms: median(changeMs), firstQueryMs: median(firstQueryMs) };
}

/**
 * Incremental updates on the full index: replacing a large toolkit (a new GitHub catalog version) and adding
 * a typical one (an import). Documents are mapped before the clock starts, as the server maps them from its catalog.
 */
function timeUpdates(index, toolkits, probe) {
  const github = toolkits.find((tk) => tk.toolkit.slug === 'github') ?? toolkits[0];
  const sizes = toolkits.map((tk) => tk.tools.length).sort((a, b) => a - b);
  const typicalSize = sizes[Math.floor(sizes.length / 2)];
  const typical = toolkits.find((tk) => tk.tools.length === typicalSize && tk !== github);
  const replace = timeUpdate(
    index,
    () => {
      const docs = docsOf(github);
      return { apply: () => index.upsertToolkit(github.toolkit.slug, docs) };
    },
    probe,
  );
  const add = timeUpdate(
    index,
    () => {
      const docs = docsOf(typical);
      return { setup: () => index.removeToolkit(typical.toolkit.slug), apply: () => index.upsertToolkit(typical.toolkit.slug, docs) };
    },
    probe,
  );
  return {
    replace: { toolkit: github.toolkit.slug, tools: github.tools.length, ...replace },
    add: { toolkit: typical.toolkit.slug, tools: typical.tools.length, ...add },
    sizeAfter: index.size,
  };
}

function runMemory(task) {
  collectGarbage();
  const baseline = memory();
  let toolkits = loadToolkits(task.poolFile, task.size);
  collectGarbage();
  const loaded = memory();
  const built = buildIndex(toolkits);
  toolkits = undefined; // the index keeps its documents; the catalog copy beyond them may go
  // What `serve` does once its start-up build is done: one compacting collection, which hands the pages the
  // build's garbage left as holes back to the system (an ordinary full GC frees them but keeps them resident).
  collectGarbageNow();
  collectGarbage();
  const after = memory();
  return {
    size: built.index.size,
    buildMs: built.buildMs,
    upsertMs: built.upsertMs,
    firstQueryMs: built.firstQueryMs,
    memory: { baseline, loaded, after, peakRss: process.resourceUsage().maxRSS * 1024 },
  };
}

function runLatency(task) {
  const toolkits = loadToolkits(task.poolFile, task.size);
  const texts = JSON.parse(readFileSync(task.queriesFile, 'utf8'));
  const built = buildIndex(toolkits);
  const latency = timeQueries(built.index, texts, task.warmup);
  const updates = task.update ? timeUpdates(built.index, toolkits, texts[0]) : undefined;
  return { size: built.index.size, buildMs: built.buildMs, latency, updates };
}

const task = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const result = task.mode === 'memory' ? runMemory(task) : runLatency(task);
process.stdout.write(`${JSON.stringify(result)}\n`);
