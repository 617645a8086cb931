/**
 * Builds plausible arguments for a tool from its JSON Schema: required properties always,
 * optional scalar ones when a safe value is obvious (enum, default, boolean, bounded number).
 * Deterministic, so a failing tool can be re-run. Returns undefined when it cannot satisfy the
 * schema (e.g. a pattern none of its candidates matches).
 */
type Schema = Record<string, unknown>;

const HEX40 = 'a'.repeat(40);
const STRING_CANDIDATES = ['octocat', 'main', 'hello-world', '1', 'abc', 'v1.0.0', HEX40, 'A', 'refs/heads/main', '2024-01-01'];
const BY_NAME: Record<string, string> = {
  owner: 'octocat',
  org: 'github',
  repo: 'hello-world',
  username: 'octocat',
  ref: 'main',
  branch: 'main',
  sha: HEX40,
  commit_sha: HEX40,
  tag: 'v1.0.0',
  path: 'README.md',
  email: 'octocat@example.com',
};

export class Unsatisfiable extends Error {}

export function sampleArguments(schema: Schema, includeOptional = true): Record<string, unknown> | undefined {
  try {
    return sampleObject(schema, 0, includeOptional);
  } catch (error) {
    if (error instanceof Unsatisfiable) return undefined;
    throw error;
  }
}

function sampleObject(schema: Schema, depth: number, includeOptional: boolean): Record<string, unknown> {
  const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  // "One of these sets of fields is required": satisfy the first set, and leave the others out.
  const excluded = new Set<string>();
  const sets = (schema['oneOf'] ?? schema['anyOf']) as Array<{ required?: string[] }> | undefined;
  if (Array.isArray(sets) && sets.every((set) => Array.isArray(set.required))) {
    sets[0]?.required?.forEach((name) => required.add(name));
    sets.slice(1).forEach((set) => set.required?.forEach((name) => !required.has(name) && excluded.add(name)));
  }
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (required.has(name)) out[name] = sample(prop, name, depth + 1);
    else if (includeOptional && depth === 0 && !excluded.has(name) && obviousOptional(prop)) out[name] = sample(prop, name, depth + 1);
  }
  return out;
}

function obviousOptional(prop: Schema): boolean {
  if (prop['deprecated'] === true) return false;
  if (Array.isArray(prop['enum']) || prop['default'] !== undefined) return true;
  const type = firstType(prop);
  return type === 'boolean' || type === 'integer';
}

function firstType(schema: Schema): string | undefined {
  const type = schema['type'];
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return type as string | undefined;
}

function sample(schema: Schema | undefined, name: string, depth: number): unknown {
  if (!schema || depth > 12) throw new Unsatisfiable('too deep');
  if (schema['const'] !== undefined) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'].find((v) => v !== null) ?? schema['enum'][0];
  if (schema['default'] !== undefined && schema['default'] !== null) return schema['default'];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (Array.isArray(options) && options.length > 0) {
      // Prefer a string option: a value like "1" in a path matches both an integer and a string
      // schema, which `oneOf` forbids; a word matches only the string.
      const usable = options.filter((o) => firstType(o) !== 'null').sort((a, b) => Number(firstType(b) === 'string') - Number(firstType(a) === 'string'));
      return sample({ ...stripCombinators(schema), ...(usable[0] ?? options[0]) }, name, depth);
    }
  }
  if (Array.isArray(schema['allOf'])) {
    let merged = stripCombinators(schema);
    for (const part of schema['allOf'] as Schema[]) {
      merged = {
        ...merged,
        ...part,
        properties: { ...(merged['properties'] as object), ...(part['properties'] as object) },
        required: [...((merged['required'] as string[]) ?? []), ...((part['required'] as string[]) ?? [])],
      };
    }
    return sample(merged, name, depth);
  }
  switch (firstType(schema) ?? (schema['properties'] ? 'object' : 'string')) {
    case 'string':
      return sampleString(schema, name);
    case 'integer':
    case 'number': {
      const min =
        typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : 1;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Number.POSITIVE_INFINITY;
      const value = Math.max(min, Math.min(max, 1));
      return firstType(schema) === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return true;
    case 'array': {
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const items = schema['items'] as Schema | undefined;
      if (min === 0 && !items) return [];
      return Array.from({ length: Math.max(1, min) }, () => sample(items ?? { type: 'string' }, name, depth + 1));
    }
    case 'object':
      return sampleObject(schema, depth, false);
    case 'null':
      return null;
    default:
      throw new Unsatisfiable(`type ${String(schema['type'])}`);
  }
}

function stripCombinators(schema: Schema): Schema {
  const { oneOf: _o, anyOf: _a, allOf: _l, ...rest } = schema;
  return rest;
}

function sampleString(schema: Schema, name: string): string {
  const format = schema['format'];
  const byFormat: Record<string, string> = {
    'date-time': '2024-01-01T00:00:00Z',
    date: '2024-01-01',
    email: 'octocat@example.com',
    uri: 'https://example.com/x',
    'uri-template': 'https://example.com/{x}',
    hostname: 'example.com',
    ipv4: '192.0.2.1',
    uuid: '123e4567-e89b-12d3-a456-426614174000',
  };
  const candidates = [
    ...(typeof format === 'string' && byFormat[format] ? [byFormat[format]!] : []),
    ...(Array.isArray(schema['examples']) ? schema['examples'].filter((e): e is string => typeof e === 'string') : []),
    ...(BY_NAME[name] ? [BY_NAME[name]!] : []),
    ...STRING_CANDIDATES,
  ];
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Number.POSITIVE_INFINITY;
  const pattern = typeof schema['pattern'] === 'string' ? safeRegExp(schema['pattern']) : undefined;
  for (const raw of candidates) {
    const value = raw.length < min ? raw.padEnd(min, 'a') : raw;
    if (value.length <= max && (!pattern || pattern.test(value))) return value;
  }
  throw new Unsatisfiable(`string ${String(schema['pattern'] ?? '')}`);
}

function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    throw new Unsatisfiable(`pattern ${pattern}`);
  }
}
