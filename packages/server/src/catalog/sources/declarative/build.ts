import { type AuthScheme, type Tool, type ToolBinding, type ToolkitBundle, ToolkitSchema, ToolSchema } from '@toolrouter/core';
import { CURATED_FUNCTIONS } from '../../curated/functions/index.js';
import { templateProblems } from '../../curated/template-request.js';
import { buildBinding, resolveTags } from './binding.js';
import type { FieldPath, Problems } from './problems.js';
import { type FileTool, FileToolSchema, type HttpMethod, type ToolkitHead, ToolkitHeadSchema } from './schema.js';

/** Names of the curated functions a file may bind to (the server's registry unless a test says otherwise). */
export type FunctionNames = { has(name: string): boolean; keys(): Iterable<string> };

/**
 * Turns the parsed YAML of one file into a bundle, reporting every problem into `problems`.
 * Returns undefined when anything is wrong: a half-valid toolkit is never loaded.
 */
export function buildBundle(raw: unknown, problems: Problems, fileSlug: string, functions: FunctionNames = CURATED_FUNCTIONS): ToolkitBundle | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.file('expected a mapping with format, slug, name, ... and tools');
    return undefined;
  }
  const head = ToolkitHeadSchema.safeParse(raw, { reportInput: true });
  if (!head.success) problems.zod(head.error);

  // Keep going on whatever parsed, so one run reports the problems of every tool.
  const record = raw as Record<string, unknown>;
  const slug = head.data?.slug ?? (typeof record.slug === 'string' ? record.slug : undefined);
  if (slug !== undefined && slug !== fileSlug) {
    problems.at(['slug'], `"${slug}" does not match the file name (expected "${fileSlug}")`);
  }
  if (head.data) checkDefaultScopes(head.data.auth_schemes, problems);

  const rawTools = Array.isArray(record.tools) ? record.tools : [];
  const tools: Tool[] = [];
  const seen = new Map<string, number>();
  rawTools.forEach((rawTool, i) => {
    const at: FieldPath = ['tools', i];
    // Duplicates are checked on the raw slug, so a tool that fails validation still counts.
    const rawSlug = (rawTool as { slug?: unknown } | null)?.slug;
    if (typeof rawSlug === 'string') {
      const first = seen.get(rawSlug);
      if (first !== undefined) problems.at([...at, 'slug'], `duplicate of tools[${first}].slug "${rawSlug}"`);
      else seen.set(rawSlug, i);
    }
    const parsed = FileToolSchema.safeParse(rawTool, { reportInput: true });
    if (!parsed.success) {
      problems.zod(parsed.error, at);
      return;
    }
    const tool = parsed.data;
    if (slug !== undefined) checkSlugPrefix(tool.slug, slug, problems, at);
    checkInputs(tool, problems, at);
    if (head.data) checkAuth(tool, head.data, problems, at);
    const built = buildTool(tool, head.data, problems, at, functions);
    if (built) tools.push(built);
  });

  if (!head.success || !problems.empty) return undefined;
  const { format: _format, tools: _tools, ...toolkitFields } = head.data;
  const toolkit = ToolkitSchema.safeParse(toolkitFields, { reportInput: true });
  if (!toolkit.success) {
    problems.zod(toolkit.error);
    return undefined;
  }
  return { toolkit: toolkit.data, tools };
}

/** Tool slugs carry their toolkit's slug so they stay unique across the whole catalog. */
function checkSlugPrefix(toolSlug: string, toolkitSlug: string, problems: Problems, at: FieldPath): void {
  // Tool slugs cannot contain "-", so a toolkit `google-maps` prefixes its tools `GOOGLE_MAPS_`.
  const prefix = `${toolkitSlug.toUpperCase().replaceAll('-', '_')}_`;
  if (!toolSlug.startsWith(prefix) || toolSlug.length === prefix.length) {
    problems.at([...at, 'slug'], `must start with "${prefix}" followed by the action, e.g. ${prefix}LIST_ITEMS`);
  }
}

/** Agents choose and fill arguments from these schemas, so each one must be usable on its own. */
function checkInputs(tool: FileTool, problems: Problems, at: FieldPath): void {
  const properties = tool.input_parameters.properties ?? {};
  for (const [name, schema] of Object.entries(properties)) {
    const field = [...at, 'input_parameters', 'properties', name];
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      problems.at(field, 'expected a JSON Schema mapping');
    } else if (typeof (schema as { description?: unknown }).description !== 'string') {
      problems.at([...field, 'description'], 'is required: agents pick and fill arguments by it');
    }
  }
  findNullKeys(tool.input_parameters, [...at, 'input_parameters'], problems);
  (tool.input_parameters.required ?? []).forEach((name, j) => {
    if (!(name in properties)) problems.at([...at, 'input_parameters', 'required', j], `"${name}" is not in properties`);
  });
}

/**
 * A key without a value inside a schema is almost always an unquoted comma in a YAML flow mapping:
 * `{ type: string, description: Title, or name }` reads as a key "or name" with no value, silently
 * cutting the description short. JSON Schema has no keyword whose value is null, so it is an error.
 */
function findNullKeys(value: unknown, at: FieldPath, problems: Problems): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value)) {
    if (member === null) problems.at([...at, key], 'has no value (an unquoted comma in a { ... } mapping? quote the text)');
    else findNullKeys(member, [...at, key], problems);
  }
}

function oauthScopes(schemes: AuthScheme[]): Set<string> | undefined {
  const oauth = schemes.filter((s) => s.mode === 'OAUTH2');
  return oauth.length === 0 ? undefined : new Set(oauth.flatMap((s) => Object.keys(s.scopes)));
}

function checkDefaultScopes(schemes: AuthScheme[], problems: Problems): void {
  schemes.forEach((scheme, k) => {
    if (scheme.mode !== 'OAUTH2') return;
    scheme.default_scopes.forEach((scope, j) => {
      if (!(scope in scheme.scopes)) problems.at(['auth_schemes', k, 'default_scopes', j], `"${scope}" is not in this scheme's scopes`);
    });
  });
}

/** Scopes must be ones the toolkit offers, and a NO_AUTH-only toolkit has only no_auth tools. */
function checkAuth(tool: FileTool, head: ToolkitHead, problems: Problems, at: FieldPath): void {
  const known = oauthScopes(head.auth_schemes);
  if (tool.scopes.length > 0 && known === undefined) {
    problems.at([...at, 'scopes'], 'the toolkit has no OAUTH2 auth scheme to grant scopes');
  } else if (known !== undefined) {
    tool.scopes.forEach((scope, j) => {
      if (!known.has(scope)) problems.at([...at, 'scopes', j], `"${scope}" is not declared in any OAUTH2 auth scheme's scopes`);
    });
  }
  if (tool.no_auth && tool.scopes.length > 0) problems.at([...at, 'scopes'], 'a no_auth tool cannot need scopes');
  if (!tool.no_auth && head.auth_schemes.every((s) => s.mode === 'NO_AUTH')) {
    problems.at([...at, 'no_auth'], "must be true: the toolkit's only auth scheme is NO_AUTH");
  }
}

function buildTool(tool: FileTool, head: ToolkitHead | undefined, problems: Problems, at: FieldPath, functions: FunctionNames): Tool | undefined {
  const bound = toolBinding(tool, problems, at, functions);
  if (bound === undefined) return undefined;
  const candidate = {
    slug: tool.slug,
    name: tool.name,
    description: tool.description,
    toolkit: head?.slug,
    input_parameters: tool.input_parameters,
    output_parameters: tool.output_parameters ?? {},
    tags: resolveTags(bound.method, tool.tags, problems, [...at, 'tags']),
    version: head?.version,
    no_auth: tool.no_auth,
    scopes: tool.scopes,
    ...(tool.examples.length > 0 ? { examples: tool.examples } : {}),
    binding: bound.binding,
  };
  if (head === undefined) return undefined; // toolkit fields already reported
  // Core's schema is the contract every source meets; it should agree with the file schema, and
  // if it ever does not, its complaints are mapped back onto the fields the author wrote.
  const result = ToolSchema.safeParse(candidate, { reportInput: true });
  if (result.success) return result.data;
  problems.zod(result.error, [], (path) => [...at, ...(tool.binding ? path : fileFieldOf(path))]);
  return undefined;
}

/**
 * The tool's binding, and the method its default MCP hints come from. A plain HTTP tool gives
 * method + path (+ args); a curated one gives `binding` (template or function) and nothing else.
 */
function toolBinding(tool: FileTool, problems: Problems, at: FieldPath, functions: FunctionNames): { binding: ToolBinding; method: HttpMethod } | undefined {
  const { binding } = tool;
  if (binding === undefined) {
    if (tool.method === undefined || tool.path === undefined) {
      problems.at(at, 'needs method and path (a plain HTTP call) or binding (a curated template or function)');
      return undefined;
    }
    return { binding: buildBinding({ ...tool, method: tool.method, path: tool.path }, problems, at), method: tool.method };
  }
  for (const key of ['method', 'path', 'body_content_type'] as const) {
    if (tool[key] !== undefined) problems.at([...at, key], 'cannot be combined with binding (the binding says how the tool is called)');
  }
  if (Object.keys(tool.args).length > 0) problems.at([...at, 'args'], 'cannot be combined with binding (the binding places the arguments)');
  if (binding.kind === 'function') {
    if (!functions.has(binding.name)) {
      const known = [...functions.keys()].filter((name) => name.startsWith(`${binding.name.split('.')[0]}.`));
      problems.at(
        [...at, 'binding', 'name'],
        `no curated function "${binding.name}" is registered${known.length ? ` (this toolkit has: ${known.join(', ')})` : ''}`,
      );
    }
    // A function may read or write; its file lists readOnlyHint where it only reads.
    return { binding, method: 'POST' };
  }
  for (const [field, message] of templateProblems(binding)) problems.at([...at, 'binding', ...field], message);
  checkTemplatePath(tool, binding.path, problems, [...at, 'binding', 'path']);
  return { binding, method: binding.method };
}

/** A path hole naming an argument needs that argument, always: required or defaulted. */
function checkTemplatePath(tool: FileTool, path: string, problems: Problems, at: FieldPath): void {
  const properties = tool.input_parameters.properties ?? {};
  const required = new Set(tool.input_parameters.required ?? []);
  for (const match of path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const name = match[1]!;
    const property = properties[name] as { default?: unknown } | undefined;
    if (property === undefined) problems.at(at, `{${name}} names no argument in input_parameters.properties`);
    else if (!required.has(name) && property.default === undefined)
      problems.at([...at.slice(0, -2), 'input_parameters', 'required'], `must include "${name}" (or give it a default): the path cannot be built without it`);
  }
}

/** The file field a path inside a built tool comes from. */
function fileFieldOf(path: readonly PropertyKey[]): PropertyKey[] {
  if (path[0] !== 'binding') return [...path];
  if (path[1] === 'args') return ['args', ...path.slice(2, 3)];
  if (path[1] === 'body') return ['body_content_type'];
  return path.slice(1, 2);
}
