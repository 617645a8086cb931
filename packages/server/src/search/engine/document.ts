import type { IndexedTool, ParamSearchText } from '../types.js';
import { splitWords, tokenize } from './tokenizer.js';

/**
 * The fields of a tool document. Each is scored with its own weight and length normalisation (BM25F),
 * because a word in a tool's name says far more about what it does than the same word in a parameter
 * description.
 */
export const Field = {
  /** Toolkit display name and slug words ("GitHub", "google sheets"). */
  toolkit: 0,
  /** Tool display name plus the words of its slug that the name does not already have. */
  name: 1,
  description: 2,
  /** Argument names, nested ones included (`repo`, `pull_number`, `filter.status`). */
  paramNames: 3,
  /** Argument descriptions and enum values. */
  paramText: 4,
  /** Free-form tags (categories); MCP hint tags are not indexed, they carry no topic. */
  tags: 5,
} as const;
export const FIELD_COUNT = 6;
export const FIELD_NAMES = ['toolkit', 'name', 'description', 'paramNames', 'paramText', 'tags'] as const;
/** Fields where a tool names its own action (see `RankingParams.actionProseWeight`). */
export const ACTION_FIELDS: readonly number[] = [Field.toolkit, Field.name];

/** Long texts (README-like descriptions) are truncated: the head says what the tool does, and the cap bounds memory. */
const MAX_FIELD_TOKENS = 400;
/**
 * Text beyond this many characters cannot contribute to the first MAX_FIELD_TOKENS terms in practice
 * (terms average well under 10 characters with their separators), so it is cut before tokenising:
 * some imported specs carry descriptions of hundreds of kilobytes.
 */
const MAX_FIELD_CHARS = 8 * MAX_FIELD_TOKENS;
/** How deep nested argument objects / array items are walked. */
const MAX_SCHEMA_DEPTH = 3;
const MAX_ENUM_VALUES = 40;
const HINT_TAGS = new Set(['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']);

/** Terms per field, in field order: stemmed strings, or their vocabulary ids inside the index. */
export type FieldTerms<T = string> = T[][];
/** Text → terms (stop words dropped, stemmed): `tokenize`, or the index's memoised word → id mapping. */
export type TermsOf<T> = (text: string) => T[];

/** The first MAX_FIELD_CHARS characters, cut at a space so the last word is whole. */
function head(text: string): string {
  if (text.length <= MAX_FIELD_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_FIELD_CHARS);
  return text.slice(0, cut > 0 ? cut : MAX_FIELD_CHARS);
}

function cap<T>(terms: T[]): T[] {
  return terms.length > MAX_FIELD_TOKENS ? terms.slice(0, MAX_FIELD_TOKENS) : terms;
}

/** The tool's slug words without the toolkit prefix (`GITHUB_CREATE_AN_ISSUE` → "create an issue"). */
export function slugWords(slug: string, toolkit: string): string {
  const prefix = `${toolkit.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`;
  const rest = slug.startsWith(prefix) ? slug.slice(prefix.length) : slug;
  return rest.replace(/_/g, ' ');
}

/** `text` terms plus those of `extra` not already present (so the same word is not counted twice). */
function union<T>(text: string, extra: string, termsOf: TermsOf<T>): T[] {
  const terms = termsOf(text);
  const seen = new Set(terms);
  for (const t of termsOf(extra)) if (!seen.has(t)) terms.push(t), seen.add(t);
  return terms;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks `properties` (and array `items`, and `anyOf`/`oneOf`/`allOf` variants) a few levels deep. */
function walkSchema(schema: unknown, depth: number, names: string[], text: string[]): void {
  if (!isRecord(schema) || depth > MAX_SCHEMA_DEPTH) return;
  if (names.length > MAX_FIELD_TOKENS && text.length > MAX_FIELD_TOKENS) return; // both fields are full
  const props = schema['properties'];
  if (isRecord(props)) {
    for (const [name, raw] of Object.entries(props)) {
      names.push(name);
      if (!isRecord(raw)) continue;
      collectPropertyText(raw, text);
      walkSchema(raw, depth + 1, names, text);
    }
  }
  const items = schema['items'];
  if (isRecord(items)) {
    collectPropertyText(items, text);
    walkSchema(items, depth + 1, names, text);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const variants = schema[key];
    if (Array.isArray(variants)) for (const v of variants) walkSchema(v, depth + 1, names, text);
  }
}

function collectPropertyText(prop: Record<string, unknown>, text: string[]): void {
  for (const key of ['title', 'description']) {
    const v = prop[key];
    if (typeof v === 'string' && v) text.push(v);
  }
  const values = prop['enum'];
  if (Array.isArray(values)) {
    for (const v of values.slice(0, MAX_ENUM_VALUES)) if (typeof v === 'string') text.push(v);
  }
}

/**
 * Drops link targets and bare URLs from prose: `[notifications](https://docs.example.com/managing-…)`
 * keeps "notifications". The words of a documentation URL describe the docs site, not the tool, and in
 * long API descriptions they were the largest source of noise terms.
 */
export function stripUrls(text: string): string {
  if (!text.includes('://') && !text.includes('](')) return text;
  return text.replace(/\]\([^)\s]*\)/g, ']').replace(/\bhttps?:\/\/[^\s)\]>"']+/g, ' ');
}

/**
 * The argument text of an input schema, exactly as `buildFields` indexes it. The compiled catalog
 * stores this per tool (see scripts/build-catalog.mjs) so search never needs a tool's full schema.
 */
export function schemaSearchText(schema: unknown): ParamSearchText {
  const names: string[] = [];
  const text: string[] = [];
  walkSchema(schema, 0, names, text);
  return { names: head(names.join(' ')), text: stripUrls(head(text.join(' \n '))) };
}

/** Builds the per-field terms of one tool. */
export function buildFields(tool: IndexedTool): FieldTerms;
export function buildFields<T>(tool: IndexedTool, termsOf: TermsOf<T>): FieldTerms<T>;
export function buildFields<T>(tool: IndexedTool, termsOf: TermsOf<T> = tokenize as unknown as TermsOf<T>): FieldTerms<T> {
  const fields: FieldTerms<T> = [];
  fields[Field.toolkit] = union(tool.toolkitName, tool.toolkit, termsOf);
  fields[Field.name] = union(tool.name, slugWords(tool.slug, tool.toolkit), termsOf);
  fields[Field.description] = termsOf(stripUrls(head(tool.description)));
  const params = tool.paramText ?? schemaSearchText(tool.inputSchema);
  fields[Field.paramNames] = termsOf(params.names);
  fields[Field.paramText] = termsOf(params.text);
  fields[Field.tags] = tool.tags.length > 0 ? termsOf(tool.tags.filter((t) => !HINT_TAGS.has(t)).join(' ')) : [];
  return fields.map(cap);
}

/**
 * The text of a toolkit-level document: what the toolkit is, plus what its tools are called and do.
 * Queries often describe the service ("football transfers and clubs") rather than one endpoint, and that
 * evidence is spread across the toolkit's tools.
 */
export function toolkitTerms<T>(toolkitName: string, toolkitDescription: string, tools: readonly IndexedTool[], termsOf: TermsOf<T>): T[] {
  const terms = [...termsOf(toolkitName), ...termsOf(toolkitDescription)];
  for (const t of tools) {
    for (const x of termsOf(t.name)) terms.push(x);
    for (const x of termsOf(stripUrls(t.description.slice(0, 1_000))).slice(0, 60)) terms.push(x);
  }
  return terms;
}

/** Lower-case word sequences by which a query can name a toolkit ("google sheets", "googlesheets"). */
export function toolkitMentionKeys(toolkit: string, toolkitName: string): string[] {
  const keys = new Set<string>();
  for (const words of [splitWords(toolkitName, false), toolkit.split(/[^a-z0-9]+/).filter(Boolean)]) {
    if (words.length === 0) continue;
    keys.add(words.join(' '));
    keys.add(words.join(''));
  }
  return [...keys].filter((k) => k.replace(/ /g, '').length >= 3);
}

/**
 * The distinct terms of a tool's name field (display name plus slug words), in first-appearance order:
 * what the name-match signal (`RankingParams.nameMatch`) compares the query with.
 */
export function nameTermsOf<T>(fields: FieldTerms<T>): T[] {
  return [...new Set(fields[Field.name])];
}
