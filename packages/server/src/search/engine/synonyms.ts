import { splitWords, termOf } from './tokenizer.js';

/**
 * Curated equivalences of tool language: the verbs of CRUD and messaging and the common objects that APIs
 * name differently ("send a DM" vs `chat.postMessage`, "remove" vs DELETE, "look up" vs search). Applied at
 * query time only: each query word that belongs to a group adds the group's other words as extra query
 * terms with a lower weight than the original (`RankingParams.synonymWeight`), so a tool that uses the
 * user's own word still wins.
 *
 * Kept general on purpose: every group is ordinary English about software and web services, nothing
 * specific to one catalogue. Multi-word entries ("look up", "get all") act as triggers; only single-word
 * entries are added as expansions.
 */
export const VERB_GROUPS: readonly (readonly string[])[] = [
  ['send', 'post', 'message', 'dm', 'deliver', 'transmit', 'direct message'],
  ['create', 'add', 'new', 'make', 'insert', 'open', 'set up'],
  ['delete', 'remove', 'erase', 'destroy', 'trash', 'discard', 'get rid of'],
  ['list', 'enumerate', 'fetch all', 'get all', 'show all', 'list all', 'all of'],
  ['update', 'edit', 'modify', 'change', 'alter', 'patch', 'overwrite'],
  ['find', 'search', 'look up', 'lookup', 'query', 'locate', 'seek', 'look for'],
  ['get', 'fetch', 'retrieve', 'obtain', 'read', 'pull'],
  ['cancel', 'abort', 'revoke'],
  ['start', 'run', 'execute', 'launch', 'trigger', 'invoke'],
  ['stop', 'halt', 'terminate', 'kill', 'end'],
  ['upload', 'attach'],
  ['download', 'export'],
  ['convert', 'transform', 'translate'],
  ['calculate', 'compute', 'estimate'],
  ['check', 'verify', 'validate', 'confirm'],
  ['subscribe', 'follow'],
  ['unsubscribe', 'unfollow'],
  ['reply', 'respond', 'answer'],
  ['book', 'reserve', 'booking', 'reservation'],
  ['summarize', 'summarise', 'summary', 'tldr'],
  ['analyze', 'analyse', 'analysis', 'analytics'],
  ['recommend', 'suggest', 'recommendation', 'suggestion'],
  ['share', 'publish'],
  ['assign', 'allocate'],
  ['schedule', 'plan'],
  ['buy', 'purchase', 'order'],
  ['compare', 'comparison', 'versus', 'vs'],
];

export const OBJECT_GROUPS: readonly (readonly string[])[] = [
  ['email', 'mail', 'e mail', 'inbox'],
  ['message', 'chat', 'conversation'],
  ['sms', 'text message'],
  ['user', 'account', 'profile', 'member'],
  ['file', 'document', 'doc', 'attachment'],
  ['folder', 'directory'],
  ['image', 'photo', 'picture', 'pic', 'img'],
  ['video', 'clip'],
  ['song', 'track', 'music'],
  ['film', 'movie'],
  ['meeting', 'event', 'appointment'],
  ['calendar', 'agenda'],
  ['issue', 'ticket', 'bug'],
  ['repository', 'repo'],
  ['pull request', 'pr', 'merge request'],
  ['task', 'todo', 'to do'],
  ['contact', 'person', 'people'],
  ['company', 'organization', 'organisation', 'org', 'business', 'firm'],
  ['location', 'place', 'venue'],
  ['city', 'town'],
  ['weather', 'forecast'],
  ['price', 'cost', 'pricing', 'fee'],
  ['stock', 'share', 'equity', 'ticker'],
  ['crypto', 'cryptocurrency', 'coin', 'token'],
  ['news', 'headline', 'article'],
  ['recipe', 'dish', 'meal'],
  ['job', 'vacancy', 'career', 'employment'],
  ['hotel', 'accommodation', 'lodging'],
  ['flight', 'airline', 'airfare'],
  ['car', 'vehicle', 'auto'],
  ['phone', 'mobile', 'telephone', 'cell'],
  ['notification', 'alert', 'notify'],
  ['spreadsheet', 'sheet', 'worksheet'],
  ['password', 'credential'],
  ['invoice', 'bill', 'receipt'],
  ['payment', 'pay', 'transaction', 'charge'],
  ['customer', 'client'],
  ['product', 'item'],
  ['website', 'site', 'url', 'link', 'webpage', 'domain'],
  ['language', 'locale'],
  ['country', 'nation'],
  ['currency', 'forex', 'fx', 'exchange rate'],
  ['statistic', 'stats', 'metrics', 'analytics'],
  ['information', 'info', 'detail', 'data'],
  ['latest', 'recent', 'newest', 'current'],
  ['popular', 'trending', 'top', 'best'],
  ['nearby', 'near', 'around', 'close to'],
  ['picture', 'photo'],
  ['translate', 'translation'],
  ['lyric', 'lyrics'],
  ['game', 'gaming'],
  ['team', 'group'],
  ['channel', 'room'],
  ['comment', 'remark'],
  ['completed', 'finished', 'done'],
  ['post', 'tweet'],
];

export const SYNONYM_GROUPS: readonly (readonly string[])[] = [...VERB_GROUPS, ...OBJECT_GROUPS];

/**
 * Abbreviations that stand for a phrase of tool language: the abbreviation adds the phrase's words
 * ("merge PR 17" asks for _Merge a pull request_). The groups above add only single words, so without
 * this an abbreviation whose phrase has no one-word synonym expands to nothing.
 */
const ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['pr', 'pull request'],
  ['prs', 'pull requests'],
  ['mr', 'merge request'],
];

interface Group {
  /** Stemmed single-word members: what the group adds to a query. */
  terms: string[];
}

const groups: Group[] = [];
/** stem → groups it triggers */
const byTerm = new Map<string, number[]>();
/** first raw word → multi-word triggers starting with it */
const phrases = new Map<string, { words: string[]; group: number }[]>();

for (const members of SYNONYM_GROUPS) {
  const g = groups.length;
  const terms: string[] = [];
  for (const entry of members) {
    const words = splitWords(entry, false);
    if (words.length === 1) {
      const t = termOf(words[0]!);
      if (t === undefined || terms.includes(t)) continue;
      terms.push(t);
      const list = byTerm.get(t) ?? [];
      if (!list.includes(g)) list.push(g);
      byTerm.set(t, list);
    } else if (words.length > 1) {
      const list = phrases.get(words[0]!) ?? [];
      list.push({ words, group: g });
      phrases.set(words[0]!, list);
    }
  }
  groups.push({ terms });
}

/** stem of an abbreviation → the stems of its phrase */
const abbreviations = new Map<string, string[]>();
for (const [abbr, phrase] of ABBREVIATIONS) {
  const key = termOf(abbr);
  const terms = splitWords(phrase, false)
    .map((w) => termOf(w))
    .filter((t): t is string => t !== undefined);
  if (key !== undefined) abbreviations.set(key, terms);
}

/** A synonym added to a query: the stemmed term and the index (in `words`) of the word that triggered it. */
export interface Expansion {
  term: string;
  source: number;
}

/**
 * Synonyms of a query given as raw lower-case words (from `splitWords`). Terms already present in the
 * query are not repeated. Deterministic: expansions come in query-word order, then group-member order.
 */
export function expandSynonyms(words: readonly string[]): Expansion[] {
  const present = new Set<string>();
  for (const w of words) {
    const t = termOf(w);
    if (t !== undefined) present.add(t);
  }
  const out: Expansion[] = [];
  const added = new Set<string>();
  const addGroup = (g: number, source: number) => {
    for (const t of groups[g]!.terms) {
      if (present.has(t) || added.has(t)) continue;
      added.add(t);
      out.push({ term: t, source });
    }
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const p of phrases.get(w) ?? []) {
      if (p.words.every((pw, j) => words[i + j] === pw)) addGroup(p.group, i);
    }
    const t = termOf(w);
    if (t === undefined) continue;
    for (const g of byTerm.get(t) ?? []) addGroup(g, i);
    for (const term of abbreviations.get(t) ?? []) {
      if (present.has(term) || added.has(term)) continue;
      added.add(term);
      out.push({ term, source: i });
    }
  }
  return out;
}

/** The stem itself plus every single-word stem of the synonym groups it belongs to. */
export function synonymsOf(term: string): Set<string> {
  const out = new Set([term]);
  for (const g of byTerm.get(term) ?? []) for (const t of groups[g]!.terms) out.add(t);
  return out;
}
