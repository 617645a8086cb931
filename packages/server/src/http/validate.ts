import { ToolRouterError } from '@toolrouter/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssues } from './zod-issues.js';

/** Parses the JSON body against `schema`; malformed JSON and invalid fields become 400s naming the field. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch (cause) {
    throw new ToolRouterError('INVALID_JSON', `The request body is not valid JSON: ${(cause as Error).message}`, {
      suggestedFix: 'Send a JSON object with Content-Type: application/json.',
    });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ToolRouterError('INVALID_JSON', 'The request body must be a JSON object', {
      suggestedFix: 'Wrap the fields in {...}.',
    });
  }
  const hazard = jsonHazardIn(text, json);
  if (hazard) {
    throw new ToolRouterError('VALIDATION_FAILED', `Invalid request: ${hazard.error}`, { errors: [hazard.error], suggestedFix: hazard.fix });
  }
  return check(schema, json);
}

/** Something in a parsed JSON body that must be refused before any schema or store sees it. */
export interface JsonHazard {
  /** Dotted path of the offending key or value ("" for the body itself). */
  at: string;
  kind: 'proto_key' | 'nul';
  /** One line naming the field, in the style of the schema errors. */
  error: string;
  fix: string;
}

/**
 * The first hazard in `json`, parsed from `text`:
 * - a "__proto__" key: JSON.parse keeps it as an ordinary property, but zod (and any spread or
 *   assignment later) drops it without a word; it names no field of ours, so say so instead.
 * - a NUL character (U+0000) in a key or string: PostgreSQL cannot store it in text or jsonb
 *   (SQLite can), so one store would answer 500 where the other succeeds. No field has a use for it.
 * Walks only texts that can hold either: both are spelt out literally or hidden behind a \u escape
 * (JSON has no other way to write NUL, nor other escapes that yield those letters), so ordinary
 * bodies skip the walk.
 */
export function jsonHazardIn(text: string, json: unknown): JsonHazard | undefined {
  if (!text.includes('__proto__') && !text.includes('\\u')) return undefined;
  const found = jsonHazardPath(json);
  if (!found) return undefined;
  const field = found.at.replaceAll('\0', '\\u0000') || '(body)';
  return found.kind === 'proto_key'
    ? { ...found, error: `${field}: "__proto__" is not allowed as a key; remove it`, fix: 'Remove the "__proto__" key; no field of this API is called that.' }
    : { ...found, error: `${field}: ${NUL_PROBLEM}`, fix: NUL_FIX };
}

export const NUL_PROBLEM = 'must not contain the NUL character (\\u0000)';
export const NUL_FIX = 'Remove the NUL (\\u0000) characters from the fields listed in "errors".';

/** A value met while walking a body, linked to its parent so a path is only built when needed. */
interface Visit {
  value: unknown;
  step: string | number;
  parent: Visit | undefined;
}

/**
 * Path and kind of the first own "__proto__" key, or NUL character in a key or string, anywhere
 * in a parsed JSON value. Walks with its own stack, not recursion, so a deeply nested body cannot
 * overflow the call stack.
 */
export function jsonHazardPath(root: unknown): { at: string; kind: JsonHazard['kind'] } | undefined {
  const pending: Visit[] = [{ value: root, step: '', parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      if (value.includes('\0')) return { at: pathOf(visit), kind: 'nul' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, step: i, parent: visit }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const here = { value: item, step: key, parent: visit };
      if (key === '__proto__') return { at: pathOf(here), kind: 'proto_key' };
      if (key.includes('\0')) return { at: pathOf(here), kind: 'nul' };
      pending.push(here);
    }
  }
  return undefined;
}

function pathOf(visit: Visit): string {
  const steps: Array<string | number> = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) steps.unshift(at.step);
  return steps.reduce<string>((path, step) => (typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step), '');
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query());
}

export function check<S extends z.ZodType>(schema: S, value: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = describeIssues(result.error.issues, root);
  throw new ToolRouterError('VALIDATION_FAILED', errors.length === 1 ? `Invalid request: ${errors[0]}` : `Invalid request: ${errors.length} problems`, {
    errors,
    suggestedFix: 'Correct the fields listed in "errors" and send the request again.',
  });
}
