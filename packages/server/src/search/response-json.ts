/**
 * The JSON of input schemas, by schema object, and a search response's body built from it.
 *
 * A catalog tool's schema object lives as long as its toolkit's detail cache keeps it and is never modified,
 * so its JSON is made once, kept as UTF-8 bytes with its length in characters (what the schema budget counts).
 * Serialising GitHub's larger schemas for every search (for their size, then for the response, then encoding
 * the whole response text to UTF-8 for its length and again for the socket) was most of the response's cost.
 * A schema built per request (custom tools) just misses.
 */
interface SchemaJson {
  /** `JSON.stringify(schema).length`. */
  chars: number;
  /** `JSON.stringify(schema)` in UTF-8. */
  bytes: Buffer;
}

const schemaTexts = new WeakMap<object, SchemaJson>();

/**
 * The JSON of a whole schema entry up to its input schema (`{"tool_slug":…,"toolkit":…,"description":…,
 * "hasFullSchema":true,"input_schema":`), by input schema object, with the values it was made from: a tool's
 * description was most of the text left to serialise and encode per response. Checked against the entry's
 * values each time, so an entry that differs only makes it again.
 */
interface EntryHead {
  slug: unknown;
  toolkit: unknown;
  description: unknown;
  bytes: Buffer;
}

const entryHeads = new WeakMap<object, EntryHead>();
/** The keys, in order, of a full-schema entry as search builds it (`ToolSchemaEntry`). */
const FULL_ENTRY_KEYS = ['tool_slug', 'toolkit', 'description', 'hasFullSchema', 'input_schema'];
const CLOSE = Buffer.from('}');

function schemaJson(schema: Record<string, unknown>): SchemaJson {
  let known = schemaTexts.get(schema);
  if (known === undefined) {
    const text = JSON.stringify(schema);
    known = { chars: text.length, bytes: Buffer.from(text, 'utf8') };
    schemaTexts.set(schema, known);
  }
  return known;
}

/** `JSON.stringify(schema).length`, remembered per schema object. */
export function schemaJsonLength(schema: Record<string, unknown>): number {
  return schemaJson(schema).chars;
}

/**
 * Exactly the UTF-8 bytes of `JSON.stringify(response)` for a search response (an object whose
 * `tool_schemas` maps slugs to entries that may carry an `input_schema`), with each input schema's bytes
 * taken from the per-schema memory. Keys are walked in the order JSON.stringify walks them (Object.keys),
 * and values it leaves out stay out.
 */
export function searchResponseBody(response: object): Buffer<ArrayBuffer> {
  const parts: (string | Buffer)[] = [];
  objectParts(response, parts, (key, value) => (key === 'tool_schemas' && isRecord(value) ? (out) => objectParts(value, out, entryParts) : undefined));
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length;
  const body = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += typeof part === 'string' ? body.write(part, at, 'utf8') : part.copy(body, at);
  return body;
}

type Special = (key: string, value: unknown) => ((out: (string | Buffer)[]) => void) | undefined;

function entryParts(_slug: string, entry: unknown): ((out: (string | Buffer)[]) => void) | undefined {
  if (!isRecord(entry)) return undefined;
  const head = fullEntryHead(entry);
  if (head !== undefined) return (out) => out.push(head, schemaJson(entry.input_schema as Record<string, unknown>).bytes, CLOSE);
  return (out) => objectParts(entry, out, (key, value) => (key === 'input_schema' && isRecord(value) ? (o) => o.push(schemaJson(value).bytes) : undefined));
}

/** The remembered head of an entry shaped exactly as a full-schema entry (see EntryHead); undefined for any other. */
function fullEntryHead(entry: Record<string, unknown>): Buffer | undefined {
  const schema = entry.input_schema;
  if (entry.hasFullSchema !== true || !isRecord(schema)) return undefined;
  const keys = Object.keys(entry);
  if (keys.length !== FULL_ENTRY_KEYS.length || keys.some((k, i) => k !== FULL_ENTRY_KEYS[i])) return undefined;
  const known = entryHeads.get(schema);
  if (known !== undefined && known.slug === entry.tool_slug && known.toolkit === entry.toolkit && known.description === entry.description) return known.bytes;
  const parts: (string | Buffer)[] = [];
  // Everything but the schema and the closing brace.
  objectParts(entry, parts, (key) => (key === 'input_schema' ? () => {} : undefined));
  const text = parts.join('');
  const bytes = Buffer.from(text.slice(0, -1), 'utf8');
  entryHeads.set(schema, { slug: entry.tool_slug, toolkit: entry.toolkit, description: entry.description, bytes });
  return bytes;
}

/**
 * Appends `JSON.stringify(object)` to `out` in pieces (text, or bytes); `special` may write a member's
 * value itself (undefined: serialised as usual). Neighbouring text is joined, so `out` stays short.
 */
function objectParts(object: object, out: (string | Buffer)[], special: Special): void {
  let text = '{';
  let first = true;
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    // What JSON.stringify leaves out of an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    const write = special(key, value);
    if (write === undefined) {
      text += JSON.stringify(value);
      continue;
    }
    out.push(text);
    text = '';
    write(out);
  }
  out.push(`${text}}`);
}

/** A plain object JSON.stringify would walk member by member (no array, no `toJSON`). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
