import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ToolkitBundle, ToolRouterError } from '@toolrouter/core';
import { LineCounter, parseDocument } from 'yaml';
import type { ToolSource } from '../../source.js';
import { buildBundle } from './build.js';
import { fileDigest, readParsedCache } from './parsed-cache.js';
import { Problems } from './problems.js';

const EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * The toolkit files shipped with the server. This module sits four levels below
 * packages/server both as source (src/catalog/sources/declarative/) and when built
 * (dist/catalog/sources/declarative/), so one relative URL serves both.
 */
export function defaultToolkitsDir(): string {
  return fileURLToPath(new URL('../../../../catalog/toolkits/', import.meta.url));
}

/**
 * Parses and validates one toolkit file. `fileName` is used in messages and must be
 * `<slug>.yaml` (or `.yml`). Throws a ToolRouterError (IMPORT_FAILED) listing every problem.
 */
export function parseDeclarativeToolkit(fileName: string, text: string): ToolkitBundle {
  const problems = new Problems(fileName);
  const bundle = parse(fileName, text, problems);
  if (bundle === undefined || !problems.empty) throw failure(problems.lines);
  return bundle;
}

function parse(fileName: string, text: string, sink: Problems): ToolkitBundle | undefined {
  const lineCounter = new LineCounter();
  // prettyErrors off: positions come from the line counter, messages stay one line.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      // yaml's own advice for this one names its API; the author needs the file-level rule.
      const message = error.code === 'MULTIPLE_DOCS' ? 'a toolkit file holds exactly one YAML document (remove the extra "---")' : error.message;
      sink.atLine(line, col, `YAML syntax error: ${message}`);
    }
    return undefined;
  }
  const problems = new Problems(fileName, { doc, lineCounter });
  const bundle = buildBundle(doc.toJS({ maxAliasCount: 100 }), problems, basename(fileName, extname(fileName)));
  sink.lines.push(...problems.lines);
  return bundle;
}

function failure(lines: string[]): ToolRouterError {
  const first = lines[0] ?? 'invalid declarative toolkit';
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
  return new ToolRouterError('IMPORT_FAILED', `${first}${more}`, {
    errors: lines,
    suggestedFix: 'Fix the listed fields; the format is described in the first line of every toolkit file.',
  });
}

/**
 * Loads every *.yaml / *.yml file of `dir`, in file-name order. All files are checked before
 * anything is returned, and the problems of all of them are reported together.
 */
export async function loadDeclarativeToolkits(dir: string, options: DeclarativeLoadOptions = {}): Promise<ToolkitBundle[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && EXTENSIONS.has(extname(entry.name)))
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    throw new ToolRouterError('IMPORT_FAILED', `Cannot read the toolkit directory ${dir}: ${String(cause)}`, { cause });
  }
  const bundles: ToolkitBundle[] = [];
  const lines: string[] = [];
  const owners = new Map<string, string>(); // toolkit slug → file, since gmail.yaml and gmail.yml could both exist
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    const digest = options.cache || options.parsed ? fileDigest(text) : '';
    const cached = options.cache?.get(name);
    let bundle: ToolkitBundle | undefined;
    if (cached !== undefined && cached.digest === digest) bundle = cached.bundle;
    else {
      const problems = new Problems(name);
      bundle = parse(name, text, problems);
      lines.push(...problems.lines);
      if (bundle === undefined || !problems.empty) continue;
    }
    options.parsed?.set(name, { digest, bundle });
    const owner = owners.get(bundle.toolkit.slug);
    if (owner !== undefined) lines.push(`${name}: slug: toolkit "${bundle.toolkit.slug}" is already defined by ${owner}`);
    else owners.set(bundle.toolkit.slug, name);
    bundles.push(bundle);
  }
  if (lines.length > 0) throw failure(lines);
  return bundles;
}

export interface DeclarativeLoadOptions {
  /** Earlier parses (see parsed-cache.ts): a file whose digest matches is taken from here instead of parsed. */
  cache?: ReadonlyMap<string, { digest: string; bundle: ToolkitBundle }>;
  /** Receives every file's digest and bundle; the build writes them as the next cache. */
  parsed?: Map<string, { digest: string; bundle: ToolkitBundle }>;
}

/**
 * The declarative toolkit files of `dir` as a tool source; with `cacheFile`, files unchanged since
 * that cache was written are not parsed again (see parsed-cache.ts).
 */
export function declarativeSource(dir: string = defaultToolkitsDir(), cacheFile?: string): ToolSource {
  return {
    name: `declarative:${dir}`,
    load: async () => loadDeclarativeToolkits(dir, cacheFile === undefined ? {} : { cache: await readParsedCache(cacheFile) }),
  };
}
