import { splitWords } from './tokenizer.js';

/**
 * Finds toolkits named in a query ("create an issue on GitHub", "in Slack", "using Gmail"). Keys are
 * toolkit names and slugs as lower-case word sequences, also concatenated ("google sheets" and
 * "googlesheets"), so "Google Sheets", "google-sheets" and "GoogleSheets" all match.
 *
 * A mention right after a cue word (on, in, using, via, …) or before a service noun (account, app, …) is
 * "cued" and trusted more than a bare one: a bare "linear" or "notion" may just be an English word.
 */
const CUES_BEFORE = new Set(['on', 'in', 'using', 'use', 'via', 'with', 'through', 'from', 'to', 'into', 'my', 'our', 'inside', 'onto']);
const CUES_AFTER = new Set(['account', 'app', 'api', 'workspace', 'repo', 'repository', 'channel', 'integration', 'inbox', 'board', 'page', 'profile']);
const MAX_KEY_WORDS = 4;

export interface Mention {
  toolkit: string;
  cued: boolean;
}

export class MentionIndex {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, string[]>();

  set(toolkit: string, keys: readonly string[]): void {
    this.delete(toolkit);
    this.keysOf.set(toolkit, [...keys]);
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(toolkit);
    }
  }

  delete(toolkit: string): void {
    for (const k of this.keysOf.get(toolkit) ?? []) {
      const set = this.byKey.get(k);
      set?.delete(toolkit);
      if (set && set.size === 0) this.byKey.delete(k);
    }
    this.keysOf.delete(toolkit);
  }

  /** Toolkits mentioned in `text`, each once, cued if any of its mentions is cued. */
  find(text: string, extraKeys?: ReadonlyMap<string, readonly string[]>): Mention[] {
    if (this.byKey.size === 0 && (!extraKeys || extraKeys.size === 0)) return [];
    const words = splitWords(text, false);
    const found = new Map<string, boolean>();
    let extra: Map<string, string[]> | undefined;
    if (extraKeys && extraKeys.size > 0) {
      extra = new Map();
      for (const [tk, keys] of extraKeys) for (const k of keys) extra.set(k, [...(extra.get(k) ?? []), tk]);
    }
    const spaced: string[] = [];
    const compact: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const maxN = Math.min(MAX_KEY_WORDS, words.length - i);
      spaced.length = 0;
      compact.length = 0;
      for (let n = 1; n <= maxN; n++) {
        const w = words[i + n - 1]!;
        spaced.push(n === 1 ? w : `${spaced[n - 2]!} ${w}`);
        compact.push(n === 1 ? w : compact[n - 2]! + w);
      }
      for (let n = maxN; n >= 1; n--) {
        let matched = false;
        const keys = n === 1 ? [spaced[0]!] : [spaced[n - 1]!, compact[n - 1]!];
        for (const key of keys) {
          const own = this.byKey.get(key);
          const more = extra?.get(key);
          if (!own && !more) continue;
          matched = true;
          const before = words[i - 1];
          const after = words[i + n];
          const cued = (before !== undefined && CUES_BEFORE.has(before)) || (after !== undefined && CUES_AFTER.has(after));
          for (const tk of [...(own ?? []), ...(more ?? [])]) found.set(tk, (found.get(tk) ?? false) || cued);
        }
        if (matched) break; // longest match at this position
      }
    }
    return [...found].map(([toolkit, cued]) => ({ toolkit, cued }));
  }
}
