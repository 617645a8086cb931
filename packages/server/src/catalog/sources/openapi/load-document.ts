import { dereference, type ParserOptions, validate } from '@readme/openapi-parser';
import { ToolRouterError } from '@toolrouter/core';
import { importError } from './errors.js';
import { findExternalRefs } from './external-refs.js';
import { convertSwagger2 } from './swagger2.js';
import { isObject, type OpenApiDocument } from './types.js';

/** The parser's document type; the shape is what it validates, so the input is only asserted. */
type ApiDocument = Parameters<typeof dereference>[0] & object;

/** Never touch the file system or the network, whatever the document contains. */
const RESOLVE = { external: false, file: false } as const;

/**
 * Checks that real-world documents often fail but that do not stop us from producing tools are
 * downgraded to warnings; structural errors still reject the document.
 */
const LENIENT_RULES = {
  'array-without-items': 'warning',
  'duplicate-operation-id': 'warning',
  'non-optional-path-parameters': 'warning',
} as const;

const MAX_REPORTED_ERRORS = 3;

/**
 * Validates an already-parsed OpenAPI 3.0/3.1 or Swagger 2.0 document and returns it as OpenAPI 3
 * with every internal `$ref` resolved. Circular references stay circular (as object cycles);
 * the schema inliner cuts them. The caller's object is never mutated.
 */
export async function loadDocument(spec: unknown): Promise<OpenApiDocument> {
  if (!isObject(spec)) {
    const got = typeof spec === 'string' ? 'a string (parse JSON/YAML before importing)' : describe(spec);
    throw importError(`Not an OpenAPI document: expected an object, got ${got}.`);
  }
  const isSwagger2 = checkVersion(spec);

  const external = findExternalRefs(spec);
  if (external.length > 0) {
    throw importError(`The document references external files or URLs, which are never fetched: ${external.join(', ')}.`, {
      suggestedFix: 'Bundle the document into a single file with only internal (#/...) references.',
    });
  }

  const swaggerRules = { ...LENIENT_RULES, 'unknown-required-schema-property': 'warning' } as const;
  const options: ParserOptions = { resolve: RESOLVE, validate: { rules: { openapi: LENIENT_RULES, swagger: swaggerRules } } };
  const result = await guard(() => validate(clone(spec) as ApiDocument, options));
  if (!result.valid) {
    const errors = result.errors.map((e) => e.message.trim());
    const summary = errors
      .slice(0, MAX_REPORTED_ERRORS)
      .map((m) => m.split('\n')[0])
      .join('; ');
    const more = errors.length > MAX_REPORTED_ERRORS ? ` (and ${errors.length - MAX_REPORTED_ERRORS} more)` : '';
    throw importError(`The OpenAPI document is invalid: ${summary}${more}`, { errors: errors.slice(0, 20) });
  }

  const doc = isSwagger2 ? await convertSwagger2(clone(spec)) : clone(spec);
  const resolved = await guard(() => dereference(doc as ApiDocument, { resolve: RESOLVE, dereference: { circular: true } }));
  return resolved as unknown as OpenApiDocument;
}

/** Returns true for Swagger 2.0; throws unless it is OpenAPI 3.0/3.1. */
function checkVersion(spec: Record<string, unknown>): boolean {
  const { openapi, swagger } = spec;
  if (typeof openapi === 'string') {
    if (/^3\.[01](\.|$)/.test(openapi)) return false;
    throw importError(`Unsupported OpenAPI version "${openapi}": only 3.0, 3.1 and Swagger 2.0 are supported.`);
  }
  if (swagger !== undefined) {
    if (String(swagger) === '2.0') return true;
    throw importError(`Unsupported Swagger version "${String(swagger)}": only 2.0 is supported.`);
  }
  throw importError('Not an OpenAPI document: it has neither an "openapi" (3.x) nor a "swagger" (2.0) version field.');
}

function clone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    throw importError('The document must be plain JSON data (it contains values that cannot be copied).', { cause: error });
  }
}

/** Parser failures (broken pointers, timeouts) become import errors with the parser's message. */
async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ToolRouterError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw importError(`The OpenAPI document could not be read: ${reason}`, { cause: error });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
