import type { JsonSchemaObject } from '../../session/results.js';

/** Anthropic accepts only these property names in a tool's `input_schema`. */
const VALID = /^[a-zA-Z0-9_.-]{1,64}$/;

/**
 * Renames top-level argument names Anthropic would refuse (e.g. `filter[status]` from an imported
 * OpenAPI spec) to safe ones, and returns the way back. Tools whose names are all valid (every
 * built-in tool) come back unchanged.
 */
export function sanitizeArgumentNames(schema: JsonSchemaObject): { schema: JsonSchemaObject; original: Map<string, string> | undefined } {
  const names = Object.keys(schema.properties ?? {});
  if (names.every((n) => VALID.test(n))) return { schema, original: undefined };
  const taken = new Set(names.filter((n) => VALID.test(n)));
  const original = new Map<string, string>();
  const renamed = new Map<string, string>();
  for (const name of names) {
    if (VALID.test(name)) continue;
    const base = name.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 60) || 'arg';
    let safe = base;
    for (let i = 2; taken.has(safe); i++) safe = `${base}_${i}`;
    taken.add(safe);
    original.set(safe, name);
    renamed.set(name, safe);
  }
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [renamed.get(k) ?? k, v]));
  const required = schema.required?.map((r) => renamed.get(r) ?? r);
  return { schema: { ...schema, properties, ...(required ? { required } : {}) }, original };
}

/** The model's arguments with the original names put back. */
export function restoreArgumentNames(input: unknown, original: Map<string, string> | undefined): unknown {
  if (!original || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [original.get(k) ?? k, v]));
}
