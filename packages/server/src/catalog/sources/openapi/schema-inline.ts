import { truncate } from './errors.js';
import { isObject, type JsonObject } from './types.js';

export interface InlineOptions {
  /** Levels expanded below the root; a schema at this depth keeps its type and description only. */
  maxDepth: number;
  /** Request schemas drop readOnly properties (the server sets them), responses drop writeOnly ones. */
  direction: 'request' | 'response';
  maxDescription: number;
  keepExamples: boolean;
}

/** Keywords copied unchanged: they constrain values and are small. */
const COPIED = [
  'format',
  'const',
  'pattern',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;
const MAX_EXAMPLE_CHARS = 200;
/** Keywords that nest schemas, i.e. what the depth limit cuts. */
const CHILDREN = ['properties', 'items', 'additionalProperties', 'oneOf', 'anyOf', 'allOf'] as const;
const CUT_NOTE = 'nested fields not described';

/**
 * Turns a dereferenced OpenAPI schema into a self-contained JSON Schema: nothing is shared or
 * cyclic, OpenAPI-only keywords (`nullable`, boolean `exclusiveMinimum`, `example`) become their
 * JSON Schema equivalents, and depth is bounded so one tool cannot carry a whole API's model.
 * `depth` is the level the schema sits at (1 for a property of the tool's argument object).
 */
export function inlineSchema(schema: unknown, options: InlineOptions, depth = 0): JsonObject {
  return inline(schema, options, depth, new Set());
}

function inline(node: unknown, o: InlineOptions, depth: number, ancestors: Set<object>): JsonObject {
  if (node === false) return { not: {} };
  if (!isObject(node)) return {};
  // A $ref left after dereferencing could not be resolved; accept anything rather than guess.
  if (typeof node['$ref'] === 'string') return stub(node, o, 'Unresolved reference; any value is accepted.');
  if (ancestors.has(node)) return stub(node, o, 'Recursive structure; not described further.');

  ancestors.add(node);
  try {
    return applyNullable(node, convert(node, o, depth, ancestors));
  } finally {
    ancestors.delete(node);
  }
}

function convert(node: JsonObject, o: InlineOptions, depth: number, ancestors: Set<object>): JsonObject {
  const out: JsonObject = {};
  // `allOf: [X]` is the OpenAPI 3.0 idiom for attaching a description to a $ref: collapse it.
  const allOf = node['allOf'];
  const soleMember = Array.isArray(allOf) && allOf.length === 1 && !('properties' in node) ? allOf[0] : undefined;
  if (soleMember !== undefined) Object.assign(out, inline(soleMember, o, depth, ancestors));

  if (typeof node['type'] === 'string' || Array.isArray(node['type'])) out['type'] = node['type'];
  const description = describe(node, o);
  if (description !== undefined) out['description'] = description;
  if (Array.isArray(node['enum'])) out['enum'] = node['enum'];
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  copyExclusiveBounds(node, out);
  if (node['default'] !== undefined && small(node['default'])) out['default'] = node['default'];
  if (node['deprecated'] === true) out['deprecated'] = true;
  if (o.keepExamples) {
    const examples = collectExamples(node);
    if (examples.length > 0) out['examples'] = examples;
  }

  // At the depth limit the node keeps its type and meaning but not its structure, so the
  // model can still pass any value of that type.
  if (depth >= o.maxDepth) {
    if (CHILDREN.some((key) => typeof node[key] === 'object' && node[key] !== null)) {
      out['description'] = withNote(out['description'], CUT_NOTE);
    }
    return out;
  }
  if (node['items'] !== undefined && !Array.isArray(node['items'])) {
    out['items'] = inline(node['items'], o, depth + 1, ancestors);
  }
  if (isObject(node['properties'])) {
    const properties: JsonObject = {};
    for (const [name, child] of Object.entries(node['properties'])) {
      if (isObject(child) && child[o.direction === 'request' ? 'readOnly' : 'writeOnly'] === true) continue;
      // defineProperty, not assignment: a property named "__proto__" must stay a property.
      Object.defineProperty(properties, name, {
        value: inline(child, o, depth + 1, ancestors),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    out['properties'] = properties;
  }
  if (Array.isArray(node['required'])) {
    const props = out['properties'];
    const required = node['required'].filter((name): name is string => typeof name === 'string' && (!isObject(props) || Object.hasOwn(props, name)));
    if (required.length > 0) out['required'] = required;
  }
  const additional = node['additionalProperties'];
  if (typeof additional === 'boolean') out['additionalProperties'] = additional;
  else if (isObject(additional)) out['additionalProperties'] = inline(additional, o, depth + 1, ancestors);

  // Alternatives count as a level: unions of large objects (event feeds) would otherwise
  // multiply the size of a schema without bound.
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const members = node[key];
    if (!Array.isArray(members) || (key === 'allOf' && soleMember !== undefined)) continue;
    out[key] = members.map((member) => inline(member, o, depth + 1, ancestors));
  }
  return out;
}

/** What remains of a schema cut by a cycle or a dangling reference: its type and what it means. */
function stub(node: JsonObject, o: InlineOptions, note: string): JsonObject {
  const out: JsonObject = {};
  if (typeof node['type'] === 'string' || Array.isArray(node['type'])) out['type'] = node['type'];
  out['description'] = withNote(describe(node, o), note);
  return out;
}

function withNote(description: unknown, note: string): string {
  return typeof description === 'string' ? `${description} (${note})` : note;
}

function describe(node: JsonObject, o: InlineOptions): string | undefined {
  const text = typeof node['description'] === 'string' ? node['description'] : node['title'];
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return truncate(text, o.maxDescription);
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema: add "null" to the type, enum or alternatives. */
function applyNullable(node: JsonObject, out: JsonObject): JsonObject {
  if (node['nullable'] !== true) return out;
  const type = out['type'];
  if (typeof type === 'string') out['type'] = type === 'null' ? type : [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) out['type'] = [...type, 'null'];
  const alternatives = Array.isArray(out['oneOf']) ? 'oneOf' : Array.isArray(out['anyOf']) ? 'anyOf' : undefined;
  if (type === undefined && alternatives !== undefined) {
    out[alternatives] = [...(out[alternatives] as unknown[]), { type: 'null' }];
  }
  const values = out['enum'];
  if (Array.isArray(values) && !values.includes(null)) out['enum'] = [...values, null];
  return out;
}

/** OpenAPI 3.0 uses boolean exclusive bounds that modify minimum/maximum; 3.1 uses numbers. */
function copyExclusiveBounds(node: JsonObject, out: JsonObject): void {
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = node[exclusive];
    if (typeof value === 'number') out[exclusive] = value;
    else if (value === true && typeof node[bound] === 'number') {
      out[exclusive] = node[bound];
      delete out[bound];
    }
  }
}

function collectExamples(node: JsonObject): unknown[] {
  const raw = Array.isArray(node['examples']) ? node['examples'] : 'example' in node ? [node['example']] : [];
  return raw.filter((value) => value !== undefined && small(value)).slice(0, 3);
}

function small(value: unknown): boolean {
  return value === null || typeof value !== 'object' || JSON.stringify(value).length <= MAX_EXAMPLE_CHARS;
}
