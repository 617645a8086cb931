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
  // JSON.parse keeps a "__proto__" key as an ordinary property, but zod (and any spread or
  // assignment later) drops it without a word. It names no field of ours, so say so instead.
  const protoAt = protoKeyIn(text, json);
  if (protoAt !== undefined) {
    const error = `${protoAt}: "__proto__" is not allowed as a key; remove it`;
    throw new ToolRouterError('VALIDATION_FAILED', `Invalid request: ${error}`, {
      errors: [error],
      suggestedFix: 'Remove the "__proto__" key; no field of this API is called that.',
    });
  }
  return check(schema, json);
}

/**
 * Dotted path of a "__proto__" key in `json`, parsed from `text`. Walks only texts that can hold the
 * key: it is spelt out literally or hidden behind a \u escape (no other JSON escape yields its
 * letters), so ordinary bodies skip the walk.
 */
export function protoKeyIn(text: string, json: unknown): string | undefined {
  return text.includes('__proto__') || text.includes('\\u') ? protoKeyPath(json) : undefined;
}

/** A value met while walking a body, linked to its parent so a path is only built when needed. */
interface Visit {
  value: unknown;
  step: string | number;
  parent: Visit | undefined;
}

/**
 * Dotted path of an own "__proto__" key anywhere in a parsed JSON value. Walks with its own stack,
 * not recursion, so a deeply nested body cannot overflow the call stack.
 */
export function protoKeyPath(root: unknown): string | undefined {
  const pending: Visit[] = [{ value: root, step: '', parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, step: i, parent: visit }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') return pathOf({ value: item, step: key, parent: visit });
      pending.push({ value: item, step: key, parent: visit });
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
  throw new ToolRouterError(
    'VALIDATION_FAILED',
    errors.length === 1 ? `Invalid request: ${errors[0]}` : `Invalid request: ${errors.length} problems`,
    { errors, suggestedFix: 'Correct the fields listed in "errors" and send the request again.' },
  );
}
