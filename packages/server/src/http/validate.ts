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
  return check(schema, json);
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
