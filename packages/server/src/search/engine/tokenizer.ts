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
  if (!text) return [];
  // Accent folding only when there is something to fold (normalize() is slow on long ASCII text).
  // eslint-disable-next-line no-control-regex
  let folded = /[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  if (folded.includes("'") || folded.includes('’')) folded = folded.replace(/['’]s\b/g, '').replace(/['’]/g, '');
  const out: string[] = [];
  for (const raw of folded.split(NON_WORD)) {
    if (raw.length === 0) continue;
    if (!HAS_UPPER.test(raw)) {
      out.push(raw); // the common case: already lower-case, nothing to split
      continue;
    }
    const parts = raw
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(' ');
    for (const p of parts) out.push(p);
    // A two-part brand word (GitHub, YouTube, PayPal, LinkedIn) is also kept whole: people type it both
    // ways ("github", "GitHub"), and the whole form is the distinctive one.
    if (compounds && parts.length === 2 && /^[a-z]+$/i.test(raw)) out.push(raw.toLowerCase());
  }
  return out;
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
