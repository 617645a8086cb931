/**
 * Every tool answers `{data, error, successful}` with `data` always an object (the reference client
 * insists on it). A provider body that is not an object is wrapped: arrays under `items`, any other
 * value under `value`. The catalog stores the provider's raw response schema; this module turns it
 * into the schema of what the tool returns, and the executor applies the same rule to real bodies.
 */
export function resultSchema(responseSchema: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      data: dataSchema(responseSchema),
      error: { type: ['string', 'null'], description: 'Why the call failed; null on success.' },
      successful: { type: 'boolean' },
    },
    required: ['data', 'successful'],
  };
}

function dataSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(schema).length === 0) return { type: 'object', additionalProperties: true };
  const type = schema.type;
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object')) || (type === undefined && 'properties' in schema);
  if (isObject) return { ...schema, type: 'object' };
  const key = type === 'array' ? 'items' : 'value';
  return { type: 'object', properties: { [key]: schema }, required: [key] };
}

export function wrapResultData(body: unknown): Record<string, unknown> {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  return Array.isArray(body) ? { items: body } : { value: body };
}
