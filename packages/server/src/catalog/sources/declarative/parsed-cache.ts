import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ToolkitBundle } from '@toolrouter/core';
import { CURATED_FUNCTIONS } from '../../curated/functions/index.js';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/**
 * The curated toolkit files, already parsed and checked, as written by `npm run build`
 * (scripts/build-curated-cache.mjs). Parsing the YAML and compiling its expressions costs each
 * server process about half a second at start-up; reading this JSON costs a few milliseconds.
 *
 * Every entry is keyed by a digest of its file's text, the curated functions the server has and
 * the server's version, so an edited file (or a server that changed under it) is simply parsed
 * again: the cache can make start-up slower when stale, never different.
 */
export const PARSED_CACHE_FORMAT = 1;

/** Where the build writes it: beside the compiled server (dist/ is build output, never committed). */
export const DEFAULT_PARSED_CACHE_FILE = fileURLToPath(new URL('../../../../dist/catalog/curated-toolkits.json.gz', import.meta.url));

interface CacheFile {
  format: typeof PARSED_CACHE_FORMAT;
  /** file name → the digest it was parsed from, and the result. */
  files: Record<string, { digest: string; bundle: ToolkitBundle }>;
}

let serverVersion: string | undefined;
function version(): string {
  serverVersion ??= (JSON.parse(readFileSync(fileURLToPath(new URL('../../../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
  return serverVersion;
}

/** What a cached parse of `text` depends on besides the text: the functions a file may bind to and the parser's version. */
export function fileDigest(text: string): string {
  return createHash('sha256')
    .update(`${PARSED_CACHE_FORMAT}\0${version()}\0${[...CURATED_FUNCTIONS.keys()].sort().join(',')}\0`)
    .update(text)
    .digest('base64url');
}

/** The cached parses in `file`, or an empty cache when it is missing or unreadable (start-up then parses every file). */
export async function readParsedCache(file: string): Promise<Map<string, { digest: string; bundle: ToolkitBundle }>> {
  try {
    const parsed = JSON.parse((await gunzipAsync(await readFile(file))).toString('utf8')) as CacheFile;
    if (parsed.format !== PARSED_CACHE_FORMAT) return new Map();
    return new Map(Object.entries(parsed.files));
  } catch {
    return new Map();
  }
}

/** Writes the parses of a directory's files (each already checked by the loader) to `file`. */
export async function writeParsedCache(file: string, entries: ReadonlyMap<string, { digest: string; bundle: ToolkitBundle }>): Promise<void> {
  const content: CacheFile = { format: PARSED_CACHE_FORMAT, files: Object.fromEntries(entries) };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await gzipAsync(JSON.stringify(content)));
}
