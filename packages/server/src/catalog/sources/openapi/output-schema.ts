import { isJsonish } from './content-type.js';
import { type InlineOptions, inlineSchema } from './schema-inline.js';
import type { JsonObject, ResponseObject } from './types.js';

/** Shallower and terser than request schemas: outputs only orient the model, and they dominate catalog size. */
export const RESPONSE_SCHEMA: InlineOptions = {
  maxDepth: 2,
  direction: 'response',
  maxDescription: 200,
  keepExamples: false,
};

/** The schema of the first 2xx response (by status code) that returns JSON; `{}` when there is none. */
export function buildToolOutput(responses: Record<string, ResponseObject> | undefined): JsonObject {
  const success = Object.keys(responses ?? {})
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .sort();
  for (const code of success) {
    const content = responses?.[code]?.content ?? {};
    const json = Object.keys(content).find(isJsonish);
    const schema = json === undefined ? undefined : content[json]?.schema;
    if (schema !== undefined) return inlineSchema(schema, RESPONSE_SCHEMA);
  }
  return {};
}
