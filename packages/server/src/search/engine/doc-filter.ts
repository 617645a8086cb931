import type { SearchOptions, ToolkitVerdict } from '../types.js';
import type { IndexStore } from './index-store.js';

const UNKNOWN = 0;
const ALL = 1;
const NONE = 2;
const SOME = 3;
const CODES: Record<ToolkitVerdict, number> = { all: ALL, none: NONE, some: SOME };

/**
 * The session filter of one query (`SearchOptions.allow` / `allowToolkit`) over indexed docs. A query
 * finds thousands of candidates in a few toolkits: asking per toolkit once, and per tool only where
 * the toolkit's answer is "some", keeps the filter off the per-candidate path. Verdicts are kept per
 * toolkit id until `end`, which clears only what the query touched.
 */
export class DocFilter {
  private verdicts = new Uint8Array(0);
  private readonly asked: number[] = [];
  private allow: ((slug: string) => boolean) | undefined;
  private allowToolkit: ((toolkit: string) => ToolkitVerdict) | undefined;
  private store!: IndexStore;

  begin(store: IndexStore, options: SearchOptions): void {
    this.store = store;
    this.allow = options.allow;
    this.allowToolkit = options.allowToolkit;
    const n = store.toolkitCapacity;
    if (this.verdicts.length < n) this.verdicts = new Uint8Array(Math.max(n, this.verdicts.length * 2, 64));
  }

  end(): void {
    for (const tk of this.asked) this.verdicts[tk] = UNKNOWN;
    this.asked.length = 0;
    this.allow = undefined;
    this.allowToolkit = undefined;
  }

  /** Whether some tool of toolkit `tk` may be returned (false only when none can). */
  toolkitVisible(tk: number): boolean {
    return this.verdict(tk) !== NONE;
  }

  /** Whether every tool of toolkit `tk` may be returned. */
  toolkitWhole(tk: number): boolean {
    return this.verdict(tk) === ALL;
  }

  /** Whether indexed doc `d` may be returned. */
  allows(d: number): boolean {
    const v = this.verdict(this.store.docToolkit[d]!);
    if (v === ALL) return true;
    if (v === NONE) return false;
    return this.allow === undefined || this.allow(this.store.slugs[d]!);
  }

  private verdict(tk: number): number {
    let v = this.verdicts[tk]!;
    if (v !== UNKNOWN) return v;
    if (this.allowToolkit) v = CODES[this.allowToolkit(this.store.tkSlug[tk]!)];
    else v = this.allow ? SOME : ALL;
    this.verdicts[tk] = v;
    this.asked.push(tk);
    return v;
  }
}
