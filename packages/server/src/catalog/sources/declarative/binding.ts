import { HINT_TAGS, type HintTag, type HttpBinding } from '@toolrouter/core';
import type { FieldPath, Problems } from './problems.js';
import type { FileTool, HttpMethod } from './schema.js';

type Location = HttpBinding['args'][string];

/** Methods whose requests carry no body, so their free arguments go to the query string. */
const QUERY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);
/** Methods that must not have a body at all (DELETE may, some APIs want one). */
const BODYLESS_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** MCP hints implied by HTTP semantics (RFC 9110 safe and idempotent methods). */
const METHOD_HINTS: Record<HttpMethod, readonly HintTag[]> = {
  GET: ['readOnlyHint', 'idempotentHint', 'openWorldHint'],
  HEAD: ['readOnlyHint', 'idempotentHint', 'openWorldHint'],
  OPTIONS: ['readOnlyHint', 'idempotentHint', 'openWorldHint'],
  PUT: ['idempotentHint', 'openWorldHint'],
  DELETE: ['destructiveHint', 'idempotentHint', 'openWorldHint'],
  POST: ['openWorldHint'],
  PATCH: ['openWorldHint'],
};

export function deriveHints(method: HttpMethod): HintTag[] {
  return [...METHOD_HINTS[method]];
}

const isHint = (tag: string): tag is HintTag => (HINT_TAGS as readonly string[]).includes(tag);

/**
 * The tool's tags. Listing any hint means the author has decided them all (e.g. a POST search
 * that is read-only); listing only categories keeps the method's hints, so categories never
 * silently strip them.
 */
export function resolveTags(method: HttpMethod, tags: string[] | undefined, problems: Problems, at: FieldPath): string[] {
  const given = tags ?? [];
  given.forEach((tag, i) => {
    // A tag that looks like a hint but is not one is almost certainly a typo (`readonlyHint`).
    if (tag.endsWith('Hint') && !isHint(tag)) problems.at([...at, i], `unknown hint "${tag}", expected one of ${HINT_TAGS.join(', ')}`);
    if (given.indexOf(tag) !== i) problems.at([...at, i], `"${tag}" is listed twice`);
  });
  if (given.includes('readOnlyHint') && given.includes('destructiveHint')) {
    problems.at(at, 'readOnlyHint and destructiveHint contradict each other');
  }
  return given.some(isHint) ? [...given] : [...deriveHints(method), ...given];
}

/** `{name}` placeholders of a path template, in order; reports stray braces. */
export function pathPlaceholders(path: string, problems: Problems, at: FieldPath): string[] {
  const names = [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  if (names.some((n) => n === '') || /[{}]/.test(path.replace(/\{[^{}]*\}/g, ''))) {
    problems.at(at, 'has an empty or unbalanced {placeholder}');
  }
  return names.filter((n) => n !== '');
}

/**
 * Where each argument goes. Explicit `args` entries win; otherwise an argument named by a path
 * placeholder goes to the path, and the rest to the query (GET/HEAD/OPTIONS/DELETE) or to the
 * JSON body (POST/PUT/PATCH). `at` is the tool's path in the file, e.g. `['tools', 2]`.
 */
/** A plain HTTP tool: one whose file entry gives method and path rather than a curated binding. */
export type HttpFileTool = FileTool & { method: HttpMethod; path: string };

export function buildBinding(tool: HttpFileTool, problems: Problems, at: FieldPath): HttpBinding {
  const properties = tool.input_parameters.properties ?? {};
  const required = new Set(tool.input_parameters.required ?? []);
  const holes = pathPlaceholders(tool.path, problems, [...at, 'path']);
  const free = QUERY_METHODS.has(tool.method) ? 'query' : 'body';

  for (const name of Object.keys(tool.args)) {
    if (!(name in properties)) problems.at([...at, 'args', name], 'names no argument in input_parameters.properties');
  }

  const args: Record<string, Location> = {};
  const taken = new Map<string, string>(); // "in:wire name" → argument, to catch two arguments on one slot
  for (const name of Object.keys(properties)) {
    const explicit = tool.args[name];
    const loc: Location = explicit ? { in: explicit.in, name: explicit.name ?? name } : { in: holes.includes(name) ? 'path' : free, name };
    const field: FieldPath = explicit ? [...at, 'args', name] : [...at, 'input_parameters', 'properties', name];
    args[name] = loc;

    if (loc.in === 'path' && !holes.includes(loc.name)) problems.at(field, `goes to the path, but the path has no {${loc.name}}`);
    if (loc.in === 'body' && BODYLESS_METHODS.has(tool.method)) problems.at(field, `cannot go to the body of a ${tool.method} request`);
    // Header names are case-insensitive on the wire; the others are not.
    const slot = `${loc.in}:${loc.in === 'header' ? loc.name.toLowerCase() : loc.name}`;
    const other = taken.get(slot);
    if (other !== undefined) problems.at(field, `goes to the same ${loc.in} ${loc.in === 'body' ? 'field' : 'parameter'} "${loc.name}" as argument "${other}"`);
    else taken.set(slot, name);
  }

  for (const hole of new Set(holes)) {
    const owner = Object.keys(args).find((name) => args[name]?.in === 'path' && args[name]?.name === hole);
    if (owner === undefined) {
      const placed = args[hole];
      problems.at(
        [...at, 'path'],
        placed === undefined
          ? `placeholder {${hole}} has no matching argument in input_parameters.properties`
          : `placeholder {${hole}} needs argument "${hole}", but args places it in the ${placed.in}`,
      );
    } else if (!required.has(owner)) {
      problems.at([...at, 'input_parameters', 'required'], `must include "${owner}": the path cannot be built without it`);
    }
  }

  const hasBody = Object.values(args).some((loc) => loc.in === 'body');
  if (tool.body_content_type !== undefined && !hasBody) {
    problems.at([...at, 'body_content_type'], 'is set, but no argument goes to the body');
  }
  return {
    kind: 'http',
    method: tool.method,
    path: tool.path,
    args,
    ...(hasBody ? { body: { content_type: tool.body_content_type ?? 'application/json', mode: 'fields' as const } } : {}),
  };
}
