import { type GraphQLOutputType, getNamedType, getNullableType, isEnumType, isListType, isScalarType } from 'graphql';
import { scalarSchema } from './input-schema.js';
import type { SelectedField } from './selection.js';

/** The JSON Schema of what the selection returns. */
export function outputSchema(
  type: GraphQLOutputType,
  selection: readonly SelectedField[] | undefined,
  description: string | null | undefined,
): Record<string, unknown> {
  const nullable = getNullableType(type);
  let schema: Record<string, unknown>;
  if (isListType(nullable)) {
    schema = { type: 'array', items: outputSchema(nullable.ofType, selection, undefined) };
  } else if (selection) {
    const properties: Record<string, unknown> = {};
    for (const f of selection) {
      if (f.name.startsWith('... on ')) {
        Object.assign(properties, (outputSchema(f.type, f.children, undefined)['properties'] as Record<string, unknown>) ?? {});
      } else {
        properties[f.name] = outputSchema(f.type, f.children, f.description);
      }
    }
    schema = { type: 'object', properties };
  } else {
    const named = getNamedType(type);
    // IDs are always serialized as strings in responses, whatever inputs accept.
    schema = isScalarType(named)
      ? named.name === 'ID'
        ? { type: 'string' }
        : stripDescription(scalarSchema(named))
      : isEnumType(named)
        ? { type: 'string', enum: named.getValues().map((v) => v.name) }
        : {};
  }
  return description ? { ...schema, description } : schema;
}

function stripDescription(schema: Record<string, unknown>): Record<string, unknown> {
  const { description: _description, ...rest } = schema;
  return rest;
}
