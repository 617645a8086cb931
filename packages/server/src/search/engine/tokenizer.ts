import { stem } from './stemmer.js';
import { STOP_WORDS } from './stop-words.js';

/**
 * Splits text into lower-case words the way tool names are written: camelCase and PascalCase
 * (`getHTTPResponse` → get http response), snake_case, kebab-case, dotted and slashed paths. Accents are
 * folded (Beyoncé → beyonce) and possessives dropped (Messi's → messi) so queries meet documents halfway.
 * Digits stay attached to their word (`v2`, `mp3`, `oauth2`) because they usually name one thing.
 * With `compounds`, a two-part camelCase word is also emitted whole (see below).
 */
export function splitWords(text: string, compounds = true): string[] {
  const out: string[] = [];
  pushWords(text, compounds, out);
  return out;
}

/** Receives the words of a text as ranges of it: `text.slice(start, end)`, lower-cased if `lower`. */
export interface WordSink {
  word(text: string, start: number, end: number, lower: boolean): void;
}

class ArraySink implements WordSink {
  constructor(readonly out: string[]) {}
  word(text: string, start: number, end: number, lower: boolean): void {
    const w = text.slice(start, end);
    this.out.push(lower ? w.toLowerCase() : w);
  }
}

/** `splitWords` into an existing array. */
export function pushWords(text: string, compounds: boolean, out: string[]): void {
  if (!text) return;
  if (isAscii(text)) scanAscii(text, compounds, new ArraySink(out));
  else pushWordsUnicode(text, compounds, out);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at U+0000 on purpose (everything outside ASCII).
const NON_ASCII = /[^\x00-\x7f]/;
export const isAscii = (text: string): boolean => !NON_ASCII.test(text);

/**
 * The words of an ASCII text, as ranges, without building strings: one pass over the character codes, no
 * regular expressions. Tool text is almost always ASCII and tokenising it is the bulk of indexing time;
 * the index looks the ranges up in its word table directly (see index-store.ts).
 */
export function scanAscii(text: string, compounds: boolean, sink: WordSink): void {
  const s = text.includes("'") ? text.replace(/'s\b/g, '').replace(/'/g, '') : text;
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && ASCII_CLASS[s.charCodeAt(i)] === OTHER) i++;
    if (i >= n) break;
    const start = i;
    let upper = false;
    for (; i < n; i++) {
      const k = ASCII_CLASS[s.charCodeAt(i)];
      if (k === OTHER) break;
      if (k === UPPER) upper = true;
    }
    if (upper) splitCamel(s, start, i, compounds, sink);
    else sink.word(s, start, i, false);
  }
}

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) ASCII_CLASS[c] = LOWER;
  else if (c >= 65 && c <= 90) ASCII_CLASS[c] = UPPER;
  else if (c >= 48 && c <= 57) ASCII_CLASS[c] = DIGIT;
}

/**
 * Splits one ASCII word that has capitals: before a capital that follows a lower-case letter or digit
 * (`getUser` → get user, `v2Api` → v2 api), and before the last capital of a run that is followed by a
 * lower-case letter (`HTTPResponse` → http response).
 */
function splitCamel(s: string, start: number, end: number, compounds: boolean, sink: WordSink): void {
  let partStart = start;
  let parts = 0;
  let letters = true;
  for (let i = start + 1; i < end; i++) {
    const prev = ASCII_CLASS[s.charCodeAt(i - 1)];
    const cur = ASCII_CLASS[s.charCodeAt(i)];
    const split = cur === UPPER && (prev === LOWER || prev === DIGIT || (prev === UPPER && i + 1 < end && ASCII_CLASS[s.charCodeAt(i + 1)] === LOWER));
    if (split) {
      sink.word(s, partStart, i, true);
      parts++;
      partStart = i;
    }
  }
  sink.word(s, partStart, end, true);
  parts++;
  for (let i = start; i < end && letters; i++) if (ASCII_CLASS[s.charCodeAt(i)] === DIGIT) letters = false;
  // A two-part brand word (GitHub, YouTube, PayPal, LinkedIn) is also kept whole: people type it both
  // ways ("github", "GitHub"), and the whole form is the distinctive one.
  if (compounds && parts === 2 && letters) sink.word(s, start, end, true);
}

/** The general path, for text with any non-ASCII character (accents are folded first). */
export function pushWordsUnicode(text: string, compounds: boolean, out: string[]): void {
  let folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (folded.includes("'") || folded.includes('’')) folded = folded.replace(/['’]s\b/g, '').replace(/['’]/g, '');
  for (const raw of folded.split(NON_WORD)) {
    if (raw.length === 0) continue;
    if (!HAS_UPPER.test(raw)) {
      out.push(raw);
      continue;
    }
    const parts = raw
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(' ');
    for (const p of parts) out.push(p);
    if (compounds && parts.length === 2 && /^[a-z]+$/i.test(raw)) out.push(raw.toLowerCase());
  }
}

const NON_WORD = /[^\p{L}\p{N}]+/u;
const HAS_UPPER = /\p{Lu}/u;

/** The index term for one word, or undefined for stop words and single characters. */
export function termOf(word: string): string | undefined {
  if (word.length < 2 || STOP_WORDS.has(word)) return undefined;
  return stem(word);
}

/** Words → index terms: stop words and one-letter words removed, the rest Porter2-stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of splitWords(text)) {
    const t = termOf(w);
    if (t !== undefined) out.push(t);
  }
  return out;
}
