import { ToolRouterError } from '@toolrouter/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { NUL_FIX, NUL_PROBLEM } from './validate.js';

/**
 * Refuses a NUL character (U+0000, `%00` in a URL) in the path, the query string or a header of
 * any request, with a 400 naming the parameter. PostgreSQL cannot store NUL in text, so letting
 * one through to an id lookup, a filter or a name turns a caller's mistake into a 500 on one
 * store only. JSON bodies are checked where they are parsed (`readBody` and the MCP endpoint).
 */
export function rejectNulCharacters(): MiddlewareHandler {
  return async (c, next) => {
    // The URL as the client sent it: a NUL can only be there spelt `%00` (or raw, in-process).
    const target = c.req.url;
    const inUrl = target.includes('%00') || target.includes('\0');
    const url = inUrl ? new URL(target) : undefined;
    const problems = url ? [...pathProblems(c, url), ...queryProblems(url), ...headerProblems(c)] : headerProblems(c);
    if (problems.length > 0) {
      throw new ToolRouterError(
        'VALIDATION_FAILED',
        problems.length === 1 ? `Invalid request: ${problems[0]}` : `Invalid request: ${problems.length} problems`,
        {
          errors: problems,
          suggestedFix: NUL_FIX,
        },
      );
    }
    await next();
  };
}

function pathProblems(c: Context, url: URL): string[] {
  if (!url.pathname.includes('%00')) return [];
  const segments = url.pathname.split('/');
  return segments.flatMap((segment, i) => (decoded(segment).includes('\0') ? [`${pathParamName(c, i) ?? `path segment ${i}`}: ${NUL_PROBLEM}`] : []));
}

/** The route's own name for the i-th path segment (`:id` → "id"), from the routes this request matched. */
function pathParamName(c: Context, index: number): string | undefined {
  for (const route of [...matchedRoutes(c)].reverse()) {
    const part = route.path.split('/')[index];
    if (part?.startsWith(':'))
      return part
        .slice(1)
        .replace(/\{.*\}$/, '')
        .replace(/\?$/, '');
  }
  return undefined;
}

function queryProblems(url: URL): string[] {
  if (!url.search.includes('%00') && !url.search.includes('\0')) return [];
  const problems: string[] = [];
  for (const [name, value] of url.searchParams) {
    if (name.includes('\0') || value.includes('\0')) problems.push(`${name.replaceAll('\0', '\\u0000')}: ${NUL_PROBLEM}`);
  }
  return problems;
}

/**
 * Node's HTTP parser already refuses a raw NUL in a header; this covers other runtimes and
 * in-process calls, and names the header. Behind the Node binding the raw header lines are read
 * as they are: iterating the web Headers would first copy every header into a validated Headers
 * object, a cost every request paid for nothing.
 */
function headerProblems(c: Context): string[] {
  const problems: string[] = [];
  const raw = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming?.rawHeaders;
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (raw[i + 1]!.includes('\0')) problems.push(`header ${raw[i]!.toLowerCase()}: ${NUL_PROBLEM}`);
    }
    return problems;
  }
  c.req.raw.headers.forEach((value, name) => {
    if (value.includes('\0')) problems.push(`header ${name}: ${NUL_PROBLEM}`);
  });
  return problems;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
