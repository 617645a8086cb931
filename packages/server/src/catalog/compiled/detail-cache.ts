import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ToolRouterError } from '@toolrouter/core';
import { TOOLS_DIR, type ToolDetails, ToolDetailsSchema } from './format.js';

/** Decompressed JSON held at once, summed over cached toolkits: GitHub alone is about 4 MB. */
const DEFAULT_BUDGET_BYTES = 24 * 1024 * 1024;

/**
 * Per-toolkit tool details, read on first use and kept in a small least-recently-used cache
 * bounded by size, so a server that has executed tools of every toolkit still holds only a few.
 * Reads are synchronous: a detail file is a few hundred kilobytes of gzip at most, read in
 * milliseconds, and a synchronous read lets catalog tools keep their plain `Tool` shape.
 */
export class DetailCache {
  readonly #dir: string;
  readonly #budget: number;
  readonly #entries = new Map<string, { details: ToolDetails; bytes: number }>();
  #bytes = 0;
  #reads = 0;
  /** The most recently used toolkit: asked again (a search reads a dozen details of one toolkit), it needs no re-insert. */
  #newest: string | undefined;

  constructor(catalogDir: string, budgetBytes = DEFAULT_BUDGET_BYTES) {
    this.#dir = catalogDir;
    this.#budget = budgetBytes;
  }

  /** How many detail files were read so far (tests use it to prove laziness). */
  get reads(): number {
    return this.#reads;
  }

  detail(toolkit: string, tool: string): ToolDetails[string] {
    const found = this.#load(toolkit)[tool];
    if (!found) {
      throw new ToolRouterError('INTERNAL', `The compiled catalog has no details for tool "${tool}" of "${toolkit}"`, {
        suggestedFix: 'Rebuild the catalog with `npm run catalog:build`.',
      });
    }
    return found;
  }

  #load(toolkit: string): ToolDetails {
    const hit = this.#entries.get(toolkit);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      if (toolkit !== this.#newest) {
        this.#entries.delete(toolkit);
        this.#entries.set(toolkit, hit);
        this.#newest = toolkit;
      }
      return hit.details;
    }
    const file = join(this.#dir, TOOLS_DIR, `${toolkit}.json.gz`);
    let text: string;
    let details: ToolDetails;
    try {
      text = gunzipSync(readFileSync(file)).toString('utf8');
      details = ToolDetailsSchema.parse(JSON.parse(text));
    } catch (cause) {
      throw new ToolRouterError('INTERNAL', `Cannot read the compiled tool details ${file}: ${String(cause)}`, {
        suggestedFix: 'Rebuild the catalog with `npm run catalog:build`.',
        cause,
      });
    }
    this.#reads += 1;
    const bytes = text.length;
    this.#entries.set(toolkit, { details, bytes });
    this.#newest = toolkit;
    this.#bytes += bytes;
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.#budget || key === toolkit) break;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
    return details;
  }
}
