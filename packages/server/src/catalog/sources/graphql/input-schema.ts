import type { InputSchema } from '@toolrouter/core';
import {
  type GraphQLInputType,
  type GraphQLScalarType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/** Nested input objects are expanded at most this many levels below an argument. */
export const MAX_INPUT_DEPTH = 3;
/**
 * Each argument's schema stays under this many characters of JSON where it can: when the full
 * depth would exceed it (Linear's recursive filters reach every entity, each field described),
 * that argument's nested inputs are expanded less deeply. It keeps tool listings readable.
 */
export const MAX_ARGUMENT_SCHEMA_CHARS = 20_000;

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a root field's arguments: non-null arguments and input fields (without a
 * default) are required, lists become arrays, enums list their values, input objects become nested
 * objects. An input object is expanded only while the depth allows and not inside itself; past
 * that it is an open object whose description names its GraphQL type.
 */
export function argumentsSchema(args: readonly InputValue[]): InputSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const arg of args) {
    for (let depth = MAX_INPUT_DEPTH; depth >= 0; depth -= 1) {
      properties[arg.name] = valueSchema(arg, depth, []);
      if (JSON.stringify(properties[arg.name]).length <= MAX_ARGUMENT_SCHEMA_CHARS) break;
    }
    if (isRequired(arg)) required.push(arg.name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** What arguments, input fields and operation variables have in common. */
export interface InputValue {
  name: string;
  type: GraphQLInputType;
  description?: string | null | undefined;
  defaultValue?: unknown;
  deprecationReason?: string | null | undefined;
}

function objectSchema(fields: readonly InputValue[], depth: number, path: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of fields) {
    // Fields the vendor marks internal are not for API clients; a required one is kept all the same.
    if (!isRequired(field) && /^\s*\[internal\]/i.test(field.description ?? '')) continue;
    properties[field.name] = valueSchema(field, depth, path);
    if (isRequired(field)) required.push(field.name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** A non-null argument or input field is required unless the schema gives it a default. */
function isRequired(value: InputValue): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function valueSchema(value: InputValue, depth: number, path: string[]): JsonSchema {
  const schema = typeSchema(value.type, depth, path);
  const description = joinText(
    value.description,
    value.deprecationReason ? `Deprecated: ${value.deprecationReason}` : undefined,
    schema['description'] as string | undefined,
  );
  return description ? { ...schema, description } : schema;
}

function typeSchema(type: GraphQLInputType, depth: number, path: string[]): JsonSchema {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return { type: 'array', items: typeSchema(nullable.ofType as GraphQLInputType, depth, path) };
  if (isScalarType(nullable)) return scalarSchema(nullable);
  if (isEnumType(nullable)) {
    return { type: 'string', enum: nullable.getValues().map((v) => v.name), ...(nullable.description ? { description: nullable.description } : {}) };
  }
  if (isInputObjectType(nullable)) {
    if (depth <= 0 || path.includes(nullable.name)) {
      return {
        type: 'object',
        additionalProperties: true,
        description: joinText(nullable.description, `(${nullable.name}: fields not expanded here, see the API's schema.)`),
      };
    }
    const inner = objectSchema(Object.values(nullable.getFields()), depth - 1, [...path, nullable.name]);
    return nullable.description ? { ...inner, description: nullable.description } : inner;
  }
  return {};
}

/** Built-in scalars map to JSON types; custom ones to a string (or any JSON for JSON scalars) with their description. */
export function scalarSchema(scalar: GraphQLScalarType): JsonSchema {
  switch (scalar.name) {
    case 'String':
      return { type: 'string' };
    case 'ID':
      // GraphQL accepts an ID as a string or an integer literal.
      return { type: ['string', 'integer'] };
    case 'Int':
      return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'Float':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
  }
  if (/^JSON/i.test(scalar.name)) {
    const description = joinText(`Any JSON value (GraphQL scalar ${scalar.name}).`, scalar.description);
    return /object/i.test(scalar.name) ? { type: 'object', description } : { description };
  }
  const description = joinText(`A string (GraphQL scalar ${scalar.name}).`, scalar.description);
  const format = scalarFormat(scalar.name);
  return { type: 'string', ...(format ? { format } : {}), description };
}

function scalarFormat(name: string): string | undefined {
  // Linear's DateTimeOrDuration and TimelessDateOrDuration also take durations: no single format.
  if (/Or[A-Z]/.test(name)) return undefined;
  if (/DateTime|Timestamp/i.test(name)) return 'date-time';
  if (/^(Timeless)?Date$/i.test(name)) return 'date';
  if (/^UUID$/i.test(name)) return 'uuid';
  return undefined;
}

function joinText(...parts: (string | null | undefined)[]): string | undefined {
  const text = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ');
  return text === '' ? undefined : text;
}
