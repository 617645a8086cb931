#!/usr/bin/env node
/**
 * Parses and checks the curated toolkit files (packages/server/catalog/toolkits/*.yaml) once, at build
 * time, into packages/server/dist/catalog/curated-toolkits.json.gz, so that no server process parses
 * YAML at start-up (see parsed-cache.ts). Run by `npm run build` and `npm install` after tsc; a file
 * edited later is parsed at start-up again, so a stale cache only costs time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/server/dist/catalog/sources/declarative/', import.meta.url);
if (!existsSync(fileURLToPath(dist))) {
  console.error('build-curated-cache: the server is not compiled yet (run `tsc -b` first)');
  process.exit(1);
}
const { defaultToolkitsDir, loadDeclarativeToolkits } = await import(new URL('loader.js', dist).href);
const { DEFAULT_PARSED_CACHE_FILE, writeParsedCache } = await import(new URL('parsed-cache.js', dist).href);

const parsed = new Map();
await loadDeclarativeToolkits(defaultToolkitsDir(), { parsed });
await writeParsedCache(DEFAULT_PARSED_CACHE_FILE, parsed);
console.log(`build-curated-cache: ${parsed.size} curated toolkit files parsed into ${DEFAULT_PARSED_CACHE_FILE}`);
