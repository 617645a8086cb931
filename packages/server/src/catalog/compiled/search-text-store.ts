import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ToolRouterError } from '@toolrouter/core';
import type { ParamSearchText } from '../../search/types.js';
import { COMPILED_FORMAT, SEARCH_TEXT_FILE, type SearchText } from './format.js';

/** Stores whose words are in memory, so that `releaseSearchText` can drop them all. */
const holding = new Set<SearchTextStore>();

/**
 * Drops the argument words every store holds (~10 MB of strings for the built-in catalog): once the
 * search indexes are built they are not needed, and an index built later (another project's first
 * search, a changed toolkit) reads the file again. `serve` calls it after its start-up index build.
 */
export function releaseSearchText(): void {
  for (const store of holding) store.release();
}

/**
 * The argument words of every compiled tool (`search-text.json.gz`), read in one piece the first
 * time a search index asks for them. Listing and executing tools never need them, so a server that
 * has not searched yet neither parses nor holds them. The read is synchronous (about a tenth of a
 * second) so that indexing, which asks tool by tool, keeps its plain synchronous shape.
 */
export class SearchTextStore {
  readonly #file: string;
  #words: SearchText['toolkits'] | undefined;
  #reads = 0;

  constructor(catalogDir: string) {
    this.#file = join(catalogDir, SEARCH_TEXT_FILE);
  }

  /** How many times the file was read (tests use it to prove laziness). */
  get reads(): number {
    return this.#reads;
  }

  /** A tool's argument words; undefined for a tool the file does not list (search then reads its schema). */
  of(toolkit: string, tool: string): ParamSearchText | undefined {
    if (!this.#words) {
      this.#words = this.#read();
      holding.add(this);
    }
    return this.#words[toolkit]?.[tool];
  }

  /** Forgets the words; the next `of` reads the file again. */
  release(): void {
    this.#words = undefined;
    holding.delete(this);
  }

  #read(): SearchText['toolkits'] {
    let parsed: SearchText;
    try {
      parsed = JSON.parse(gunzipSync(readFileSync(this.#file)).toString('utf8')) as SearchText;
    } catch (cause) {
      throw new ToolRouterError('INTERNAL', `Cannot read the compiled search text ${this.#file}: ${String(cause)}`, {
        suggestedFix: 'Rebuild the catalog with `npm run catalog:build`.',
        cause,
      });
    }
    // The build checks every entry and catalog-contract.test.ts the shipped file; here only the format.
    if (parsed.format !== COMPILED_FORMAT) {
      throw new ToolRouterError('INTERNAL', `The compiled search text ${this.#file} has format ${String(parsed.format)}, not ${COMPILED_FORMAT}`, {
        suggestedFix: 'Rebuild the catalog with `npm run catalog:build`.',
      });
    }
    this.#reads += 1;
    return parsed.toolkits;
  }
}
