import type { AuthScheme, HttpBinding } from '@toolrouter/core';
import { contentTypeRank, pickContent } from './content-type.js';
import { truncate } from './errors.js';
import { type InlineOptions, inlineSchema } from './schema-inline.js';
import { isObject, type JsonObject, type ParameterObject, type RequestBodyObject } from './types.js';

type ArgLocation = HttpBinding['args'][string];
type ParamIn = 'path' | 'query' | 'header' | 'cookie';
type RequiredSet = { required: string[] };

export interface ToolInput {
  schema: { type: 'object'; properties: JsonObject; required: string[]; oneOf?: RequiredSet[]; anyOf?: RequiredSet[] };
  args: Record<string, ArgLocation>;
  body?: { content_type: string; mode: 'fields' | 'whole' };
}

export const REQUEST_SCHEMA: InlineOptions = { maxDepth: 5, direction: 'request', maxDescription: 1000, keepExamples: true };

/** Path names claim clean argument names first: they are always required and most visible. */
const LOCATION_ORDER: readonly ParamIn[] = ['path', 'query', 'header', 'cookie'];

/** Headers the HTTP client or the auth layer sets; asking the model for them only invites mistakes. */
const CLIENT_HEADERS = new Set(['accept', 'content-type', 'content-length', 'authorization', 'user-agent', 'host']);

/**
 * Merges an operation's parameters and request body into one argument object and records where
 * each argument goes. Argument names are the wire names made safe for LLM tool schemas; on a
 * clash the later one is renamed (`<in>_<name>` for parameters, `body_<name>` for body fields,
 * then a numeric suffix), and the binding keeps the original wire name.
 */
export function buildToolInput(
  parameters: readonly ParameterObject[],
  requestBody: RequestBodyObject | undefined,
  authSchemes: readonly AuthScheme[],
): ToolInput {
  const input: ToolInput = { schema: { type: 'object', properties: {}, required: [] }, args: {} };
  const add = (name: string, schema: JsonObject, required: boolean, location: ArgLocation): void => {
    input.schema.properties[name] = schema;
    input.args[name] = location;
    if (required) input.schema.required.push(name);
  };
  const claim = (wireName: string, alternative: string): string => uniqueName(input.args, wireName, alternative);

  for (const where of LOCATION_ORDER) {
    for (const param of parameters) {
      if (param.in !== where || typeof param.name !== 'string' || isSuppliedElsewhere(param, authSchemes)) continue;
      add(claim(param.name, `${where}_${param.name}`), parameterSchema(param), where === 'path' || param.required === true, {
        in: where,
        name: param.name,
      });
    }
  }

  const picked = pickContent(requestBody?.content);
  if (picked === undefined) return input;
  const bodyRequired = requestBody?.required === true;
  // Only JSON and form encodings have named fields; any other type is an opaque payload.
  const inlined = contentTypeRank(picked.contentType) <= 3 ? inlineSchema(picked.media.schema, REQUEST_SCHEMA) : undefined;
  const fields = inlined === undefined ? undefined : objectFields(inlined);
  if (inlined !== undefined && fields !== undefined) {
    input.body = { content_type: picked.contentType, mode: 'fields' };
    const argOf: Record<string, string> = {};
    for (const [field, schema] of Object.entries(fields.properties)) {
      const required = bodyRequired && fields.required.includes(field);
      argOf[field] = claim(field, `body_${field}`);
      add(argOf[field], isObject(schema) ? schema : {}, required, { in: 'body', name: field });
    }
    if (bodyRequired) copyRequiredAlternatives(inlined, argOf, input.schema);
    return input;
  }

  input.body = { content_type: picked.contentType, mode: 'whole' };
  const schema = inlineSchema(picked.media.schema ?? { type: 'string' }, REQUEST_SCHEMA, 1);
  const description = requestBody?.description ?? schema['description'];
  schema['description'] =
    typeof description === 'string' && description.trim() !== ''
      ? truncate(description, REQUEST_SCHEMA.maxDescription)
      : `The whole request body (${picked.contentType}).`;
  add(claim('body', 'request_body'), schema, bodyRequired, { in: 'body', name: 'body' });
  return input;
}

function parameterSchema(param: ParameterObject): JsonObject {
  const raw = param.schema ?? pickContent(param.content)?.media.schema;
  const schema = inlineSchema(raw, REQUEST_SCHEMA, 1);
  // The parameter's own description says what the value means; the schema's only what it is.
  if (typeof param.description === 'string' && param.description.trim() !== '') {
    schema['description'] = truncate(param.description, REQUEST_SCHEMA.maxDescription);
  }
  if (param.deprecated === true) schema['deprecated'] = true;
  if (schema['examples'] === undefined && param.example !== undefined && typeof param.example !== 'object') {
    schema['examples'] = [param.example];
  }
  return schema;
}

/** Client-managed headers and API-key parameters the auth layer fills in. */
function isSuppliedElsewhere(param: ParameterObject, authSchemes: readonly AuthScheme[]): boolean {
  const name = param.name ?? '';
  if (param.in === 'header' && CLIENT_HEADERS.has(name.toLowerCase())) return true;
  return authSchemes.some(
    (scheme) =>
      scheme.mode === 'API_KEY' && scheme.in === param.in && (scheme.in === 'header' ? scheme.name.toLowerCase() === name.toLowerCase() : scheme.name === name),
  );
}

/**
 * "One of these fields is required" (`oneOf`/`anyOf` of `{required: [...]}` on the body, e.g. a
 * campaign needs code_scanning_alerts or secret_scanning_alerts) carried over to the arguments,
 * so such calls are corrected before they reach the provider.
 */
function copyRequiredAlternatives(body: JsonObject, argOf: Record<string, string>, schema: ToolInput['schema']): void {
  for (const key of ['oneOf', 'anyOf'] as const) {
    const members = body[key];
    if (!Array.isArray(members) || members.length === 0) continue;
    if (!members.every((m) => isObject(m) && Array.isArray(m['required']) && Object.keys(m).every((k) => ['required', 'title', 'description'].includes(k))))
      continue;
    // An alternative naming a field the body does not define cannot be met through the arguments.
    const sets = (members as JsonObject[])
      .map((member) => (member['required'] as unknown[]).map((field) => (typeof field === 'string' ? argOf[field] : undefined)))
      .filter((names): names is string[] => names.every((n) => n !== undefined))
      .map((names) => ({ required: names }));
    if (sets.length === 1) schema.required = [...new Set([...schema.required, ...sets[0]!.required])];
    else if (sets.length > 1) schema[key] = sets;
  }
}

/**
 * The properties of an object body, flattening a top-level `allOf` of objects. Anything else
 * (arrays, scalars, free-form maps, unions) is sent whole.
 */
function objectFields(schema: JsonObject): { properties: JsonObject; required: string[] } | undefined {
  const type = schema['type'];
  if (type !== undefined && type !== 'object' && !(Array.isArray(type) && type.includes('object'))) return undefined;
  const parts = Array.isArray(schema['allOf']) ? [schema, ...schema['allOf'].filter(isObject)] : [schema];
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const part of parts) {
    if (isObject(part['properties'])) Object.assign(properties, part['properties']);
    if (Array.isArray(part['required'])) {
      required.push(...part['required'].filter((name): name is string => typeof name === 'string'));
    }
  }
  const unionOnly = (Array.isArray(schema['oneOf']) || Array.isArray(schema['anyOf'])) && !isObject(schema['properties']);
  return Object.keys(properties).length === 0 || unionOnly ? undefined : { properties, required };
}

/**
 * Names safe for every LLM provider's tool schema (`^[a-zA-Z0-9_.-]{1,64}$`), unique within the
 * tool: the wire name when free, else the alternative, else a numeric suffix.
 */
function uniqueName(taken: Record<string, unknown>, wireName: string, alternative: string): string {
  const base = safeName(wireName);
  if (!Object.hasOwn(taken, base)) return base;
  const second = safeName(alternative);
  if (!Object.hasOwn(taken, second)) return second;
  for (let n = 2; ; n += 1) {
    const candidate = `${second.slice(0, 60)}_${n}`;
    if (!Object.hasOwn(taken, candidate)) return candidate;
  }
}

function safeName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return safe === '' ? 'arg' : safe;
}
