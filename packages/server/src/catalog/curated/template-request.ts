import type { TemplateBinding } from '@toolrouter/core';
import type { ProviderRequest } from '../../execution/backends/provider-client.js';
import { evaluate, expressionProblem, TemplateError } from './expressions.js';

/** `{expression}` holes of a template path. */
const HOLE = /\{([^{}]+)\}/g;

/**
 * Builds the provider request of a template tool from its (defaulted) arguments: each path hole,
 * query parameter and header is an expression over the arguments, and so is the whole body.
 * Query parameters and headers that evaluate to undefined or null are left out.
 */
export async function renderTemplateRequest(binding: TemplateBinding, args: Record<string, unknown>): Promise<ProviderRequest> {
  let path = '';
  let last = 0;
  for (const match of binding.path.matchAll(HOLE)) {
    // `{+expr}` keeps "/" (a file path spanning segments), as in RFC 6570's reserved expansion.
    const reserved = match[1]!.startsWith('+');
    const expression = reserved ? match[1]!.slice(1) : match[1]!;
    const value = await evaluate(expression, args);
    if (value === undefined || value === null || value === '') {
      throw new TemplateError(`the path needs a value for {${match[1]}}`);
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const encoded = reserved ? text.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(text);
    path += binding.path.slice(last, match.index) + encoded;
    last = match.index + match[0].length;
  }
  path += binding.path.slice(last);

  const query: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(binding.query)) {
    const value = await evaluate(text, args);
    if (value !== undefined && value !== null) query[name] = value;
  }
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(binding.headers)) {
    const value = await evaluate(text, args);
    if (value !== undefined && value !== null) headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const request: ProviderRequest = { method: binding.method, path, query, headers };
  if (binding.body !== undefined) {
    const body = await evaluate(binding.body, args);
    if (body !== undefined) {
      request.body = body;
      request.contentType = binding.content_type;
    }
  }
  return request;
}

/** Shapes a successful answer with the binding's response expression (`$` is the answer, `$args` the arguments). */
export async function shapeTemplateResponse(binding: TemplateBinding, payload: unknown, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const shaped = binding.response === undefined ? payload : await evaluate(binding.response, payload ?? {}, { args });
  if (shaped !== null && typeof shaped === 'object' && !Array.isArray(shaped)) return shaped as Record<string, unknown>;
  return shaped === undefined ? {} : { response_data: shaped };
}

/** The failure a provider reported inside a successful answer, per the binding's `error` expression. */
export async function reportedFailure(binding: TemplateBinding, payload: unknown): Promise<string | undefined> {
  if (binding.error === undefined) return undefined;
  const message = await evaluate(binding.error, payload ?? {});
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** Every expression of a template binding that does not compile, as [field, problem] pairs. */
export function templateProblems(binding: TemplateBinding): Array<[PropertyKey[], string]> {
  const problems: Array<[PropertyKey[], string]> = [];
  const check = (field: PropertyKey[], text: string) => {
    const problem = expressionProblem(text);
    if (problem !== undefined) problems.push([field, `is not a valid JSONata expression: ${problem}`]);
  };
  for (const match of binding.path.matchAll(HOLE)) check(['path'], match[1]!.replace(/^\+/, ''));
  if (/[{}]/.test(binding.path.replace(HOLE, ''))) problems.push([['path'], 'has an unbalanced { or }']);
  for (const [name, text] of Object.entries(binding.query)) check(['query', name], text);
  for (const [name, text] of Object.entries(binding.headers)) check(['headers', name], text);
  if (binding.body !== undefined) check(['body'], binding.body);
  if (binding.response !== undefined) check(['response'], binding.response);
  if (binding.error !== undefined) check(['error'], binding.error);
  if (binding.body !== undefined && ['GET', 'HEAD', 'OPTIONS'].includes(binding.method)) {
    problems.push([['body'], `a ${binding.method} request cannot carry a body`]);
  }
  return problems;
}
