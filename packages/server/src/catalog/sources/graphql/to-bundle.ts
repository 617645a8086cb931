import { MAX_TOOL_SLUG_LENGTH, type Tool, type Toolkit, type ToolkitBundle, ToolkitSchema, ToolSchema } from '@toolrouter/core';
import { type GraphQLField, type GraphQLObjectType, type GraphQLSchema, getNamedType, getNullableType, isListType } from 'graphql';
import { handWrittenTool, rawTool } from './extra-tools.js';
import { hintsFor, type OperationKind } from './hints.js';
import { argumentsSchema } from './input-schema.js';
import { outputSchema } from './output-schema.js';
import { connectionParts, printSelection, type SelectedField, selectionFor } from './selection.js';
import { nameWords } from './words.js';

export { hintsFor, type OperationKind } from './hints.js';

/** Nested objects are selected down to this level below the root field (see selection.ts). */
export const DEFAULT_SELECTION_DEPTH = 2;
const MAX_DESCRIPTION = 10_000;
const MAX_NAME = 200;

export interface HandWrittenOperation {
  slug: string;
  name: string;
  description: string;
  /** One named query or mutation. */
  document: string;
  /** Descriptions of its variables, by name. */
  variables?: Record<string, string>;
}

/** Everything about a GraphQL toolkit that its schema does not say. */
export interface GraphqlToolkitDefinition {
  toolkit: Toolkit;
  /** Path of the GraphQL endpoint below the toolkit's base URL, e.g. `/graphql`. */
  endpoint: string;
  /** Tool slug prefix, e.g. `LINEAR`. */
  prefix: string;
  /**
   * `query issues` / `mutation issueCreate` → the slug the reference uses for that root field. Every slug
   * the definition names (here, `rawToolSlug`, `operations`) must be a reference slug: see `referenceSlugsOf`.
   */
  slugOverrides?: Record<string, string>;
  /**
   * Reference slugs that the generated names already give (monday's `create_item` → `MONDAY_CREATE_ITEM`),
   * so that they are recorded as reference tools too; each must name a tool the schema makes.
   */
  referenceSlugs?: string[];
  /** A tool that sends the caller's own document, e.g. `LINEAR_RUN_QUERY_OR_MUTATION`. */
  rawToolSlug?: string;
  /**
   * Tools written by hand, for calls no single root field makes (a board's items, say). Their
   * arguments are the document's variables; the document is validated against the schema.
   */
  operations?: HandWrittenOperation[];
  selectionDepth?: number;
}

/**
 * The slugs a definition names (root-field overrides, `referenceSlugs`, the raw tool, hand-written
 * operations): each is one of the reference's verified slugs, so the tools under them are reference tools.
 */
export function referenceSlugsOf(def: GraphqlToolkitDefinition): string[] {
  const named = [...Object.values(def.slugOverrides ?? {}), ...(def.referenceSlugs ?? [])];
  return [...named, ...(def.rawToolSlug ? [def.rawToolSlug] : []), ...(def.operations ?? []).map((op) => op.slug)];
}

/**
 * One tool per root Query and Mutation field. Deprecated fields, fields whose description marks
 * them `[Internal]` and names starting with `_` are left out: they are not for API clients.
 */
export function graphqlToBundle(schema: GraphQLSchema, def: GraphqlToolkitDefinition): ToolkitBundle {
  const toolkit = ToolkitSchema.parse(def.toolkit);
  const depth = def.selectionDepth ?? DEFAULT_SELECTION_DEPTH;
  const used = new Set<string>(Object.values(def.slugOverrides ?? {}));
  if (def.rawToolSlug) used.add(def.rawToolSlug);
  for (const op of def.operations ?? []) used.add(op.slug);
  const tools: Tool[] = [];
  const roots: [OperationKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  for (const [kind, root] of roots) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (!exposed(field)) continue;
      const override = def.slugOverrides?.[`${kind} ${field.name}`];
      const slug = override ?? uniqueSlug(def.prefix, field.name, used);
      tools.push(validated(buildTool(kind, field, slug, override !== undefined, toolkit, def, depth)));
    }
  }
  // A reference slug whose field left the schema must fail the build, not vanish from the catalog.
  const missing = Object.entries(def.slugOverrides ?? {}).filter(([, slug]) => !tools.some((t) => t.slug === slug));
  if (missing.length > 0)
    throw new Error(`No exposed root field for ${missing.map(([field, slug]) => `${slug} (${field})`).join(', ')} in the ${toolkit.slug} schema`);
  const unnamed = (def.referenceSlugs ?? []).filter((slug) => !tools.some((t) => t.slug === slug));
  if (unnamed.length > 0) throw new Error(`No generated tool is named ${unnamed.join(', ')} in the ${toolkit.slug} schema`);
  for (const op of def.operations ?? []) tools.push(validated(handWrittenTool(schema, op, toolkit, def)));
  if (def.rawToolSlug) tools.push(validated(rawTool(def.rawToolSlug, toolkit, def)));
  return { toolkit, tools };
}

function exposed(field: GraphQLField<unknown, unknown>): boolean {
  if (field.name.startsWith('_') || field.deprecationReason) return false;
  return !/^\s*\[internal\]/i.test(field.description ?? '');
}

function buildTool(
  kind: OperationKind,
  field: GraphQLField<unknown, unknown>,
  slug: string,
  fromReference: boolean,
  toolkit: Toolkit,
  def: GraphqlToolkitDefinition,
  depth: number,
): Tool {
  const selection = selectionFor(field.type, depth);
  const variables: Record<string, string> = {};
  for (const arg of field.args) variables[arg.name] = arg.name;
  const document = operationDocument(kind, field, selection);
  const name = fromReference
    ? sentence(
        slug
          .slice(def.prefix.length + 1)
          .toLowerCase()
          .split('_'),
      )
    : toolName(kind, field, toolkit);
  // Kept short: every word here is indexed by search, so boilerplate shared by hundreds of tools
  // would only blur them together. How results are selected is in docs/catalog.md.
  const about = [field.description?.trim() || name, `(${toolkit.name} GraphQL ${kind} \`${field.name}\`, result under data.${field.name}.)`];
  return {
    slug,
    name: truncate(name, MAX_NAME),
    description: truncate(about.filter(Boolean).join(' '), MAX_DESCRIPTION),
    toolkit: toolkit.slug,
    input_parameters: argumentsSchema(field.args),
    output_parameters: { type: 'object', properties: { [field.name]: outputSchema(field.type, selection, field.description) } },
    tags: hintsFor(kind, field.name),
    version: toolkit.version,
    no_auth: false,
    scopes: [],
    binding: { kind: 'graphql', endpoint: def.endpoint, document, operation_name: operationName(field.name), variables },
  };
}

/** `query Issues($first: Int, $filter: IssueFilter) { issues(first: $first, filter: $filter) { … } }` */
export function operationDocument(kind: OperationKind, field: GraphQLField<unknown, unknown>, selection: SelectedField[] | undefined): string {
  const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const head = `${kind} ${operationName(field.name)}${declared ? `(${declared})` : ''}`;
  return `${head} { ${field.name}${passed ? `(${passed})` : ''}${selection ? ` ${printSelection(selection)}` : ''} }`;
}

function uniqueSlug(prefix: string, fieldName: string, used: Set<string>): string {
  const base = [prefix, ...nameWords(fieldName)].join('_').slice(0, MAX_TOOL_SLUG_LENGTH).replace(/_+$/, '');
  let slug = base;
  for (let n = 2; used.has(slug); n += 1) slug = `${base.slice(0, MAX_TOOL_SLUG_LENGTH - String(n).length - 1)}_${n}`;
  used.add(slug);
  return slug;
}

/** `issueCreate` → `IssueCreate`, `create_item` → `CreateItem`. */
function operationName(fieldName: string): string {
  return nameWords(fieldName)
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('');
}

/**
 * A query's field name alone ("organization", "me", "releasePipelines") is too bare to find it by
 * among thousands of tools, so queries get a verb and the toolkit: "List Linear release pipelines",
 * "Get Linear organization". Mutation names already say what they do: "Issue delete", "Create item".
 * (Chosen by the search-quality test: every tool must be found in the top 5 by its name.)
 */
function toolName(kind: OperationKind, field: GraphQLField<unknown, unknown>, toolkit: Toolkit): string {
  const words = nameWords(field.name).map((w) => w.toLowerCase());
  if (kind === 'mutation') return sentence(words);
  const returnsList = isListType(getNullableType(field.type)) || connectionParts(getNamedType(field.type)) !== undefined;
  return sentence([returnsList ? 'list' : 'get', toolkit.name, ...words]);
}

function sentence(words: string[]): string {
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A conversion bug must fail loudly rather than put a malformed tool in the catalog. */
function validated(tool: Tool): Tool {
  const parsed = ToolSchema.safeParse(tool);
  if (!parsed.success)
    throw new Error(
      `The GraphQL source built an invalid tool ${tool.slug}: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}
