/**
 * The JSON text of input schemas, by schema object, and a search response's JSON built from it.
 *
 * A catalog tool's schema object lives as long as its toolkit's detail cache keeps it and is never modified,
 * so its text is made once: serialising GitHub's larger schemas for every search (for their size, then again
 * for the response) was most of the response's JSON time. A schema built per request (custom tools) just
 * misses.
 */
const schemaTexts = new WeakMap<object, string>();

/** `JSON.stringify(schema)`, remembered per schema object. */
export function schemaJson(schema: Record<string, unknown>): string {
  let text = schemaTexts.get(schema);
  if (text === undefined) {
    text = JSON.stringify(schema);
    schemaTexts.set(schema, text);
  }
  return text;
}

/**
 * Exactly `JSON.stringify(response)` for a search response (an object whose `tool_schemas` maps slugs to
 * entries that may carry an `input_schema`), with each input schema's text taken from `schemaJson`. Keys
 * are walked in the order JSON.stringify walks them (Object.keys), and values it leaves out stay out.
 */
export function searchResponseJson(response: object): string {
  return objectJson(response, (key, value) => (key === 'tool_schemas' && isRecord(value) ? objectJson(value, entryJson) : undefined));
}

function entryJson(_slug: string, entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  return objectJson(entry, (key, value) => (key === 'input_schema' && isRecord(value) ? schemaJson(value) : undefined));
}

/** `JSON.stringify(object)`, where `special` may give a member's text (undefined: serialise it as usual). */
function objectJson(object: object, special: (key: string, value: unknown) => string | undefined): string {
  let out = '{';
  let first = true;
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    // What JSON.stringify leaves out of an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const text = special(key, value) ?? JSON.stringify(value);
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/** A plain object JSON.stringify would walk member by member (no array, no `toJSON`). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
