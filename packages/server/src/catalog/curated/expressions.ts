import jsonata from 'jsonata';
import { blockText, plainProperties, textBlocks, titleOf } from './notion-values.js';
import { zonedDateTime } from './time-zones.js';

/**
 * The template language of curated tools: JSONata (https://jsonata.org), a small, side-effect-free
 * query and construction language over JSON. A template is evaluated against the tool's arguments
 * (for requests) or the provider's answer (for response shapes). Object constructors drop fields
 * whose value is undefined, which is exactly what optional arguments need.
 */
type Expression = ReturnType<typeof jsonata>;

const compiled = new Map<string, Expression>();

/** A template that cannot be compiled or evaluated; the message names what is wrong. */
export class TemplateError extends Error {}

/** The compiled expression, cached by its text (catalog templates are few and immutable). */
export function compileExpression(text: string): Expression {
  let expression = compiled.get(text);
  if (!expression) {
    try {
      expression = jsonata(text);
    } catch (error) {
      throw new TemplateError(describeJsonataError(error));
    }
    registerHelpers(expression);
    compiled.set(text, expression);
  }
  return expression;
}

/** Why `text` is not a valid expression, or undefined when it compiles. */
export function expressionProblem(text: string): string | undefined {
  try {
    compileExpression(text);
    return undefined;
  } catch (error) {
    return error instanceof TemplateError ? error.message : String(error);
  }
}

/**
 * Evaluates `text` against `input`. The result is plain JSON (JSONata hands back null-prototype
 * objects and flagged sequences); undefined stays undefined so callers can leave a field out.
 */
export async function evaluate(text: string, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await compileExpression(text).evaluate(input, bindings);
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError(describeJsonataError(error));
  }
  return result === undefined ? undefined : (JSON.parse(JSON.stringify(result)) as unknown);
}

/** Helpers templates need that JSONata lacks. */
function registerHelpers(expression: Expression): void {
  // Google takes RFC 3339 date-times; a bare date ("2026-03-01") means all-day in several APIs.
  expression.registerFunction('isDate', (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value), '<x:b>');
  // A local wall-clock time in an IANA zone as an RFC 3339 date-time with offset.
  expression.registerFunction(
    'zoned',
    (value: unknown, zone: unknown) => (typeof value === 'string' ? zonedDateTime(value, typeof zone === 'string' ? zone : undefined) : value),
    '<x-x?:x>',
  );
  // Notion's typed values as plain ones, and plain text as content blocks (see notion-values.ts).
  expression.registerFunction('notionProperties', (value: unknown) => plainProperties(value), '<x:o>');
  expression.registerFunction('notionTitle', (value: unknown) => titleOf(value), '<x:s>');
  expression.registerFunction('notionBlocks', (value: unknown) => textBlocks(value), '<x:a>');
  expression.registerFunction('notionBlockText', (value: unknown) => blockText(value), '<x:s>');
  // Drop null and empty-string members so optional arguments an agent sent as "" do not reach the API.
  expression.registerFunction('compact', (value: unknown) => compact(value), '<x:x>');
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined || member === '') continue;
    out[key] = compact(member);
  }
  return out;
}

function describeJsonataError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const { message, position, token } = error as { message: string; position?: number; token?: string };
    const where = position !== undefined ? ` at character ${position}` : '';
    return `${message}${token !== undefined && !message.includes(String(token)) ? ` (near "${token}")` : ''}${where}`;
  }
  return String(error);
}
