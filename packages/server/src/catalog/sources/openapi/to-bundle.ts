import { type AuthScheme, AuthSchemeSchema, type Tool, type ToolkitBundle, ToolkitSchema, ToolkitSlugSchema, ToolSchema } from '@toolrouter/core';
import { authSchemesFromDocument, isNoAuth, requiredScopes } from './auth-schemes.js';
import { resolveBaseUrl } from './base-url.js';
import { importError, truncate } from './errors.js';
import { toolTags } from './hints.js';
import { buildToolInput } from './input-schema.js';
import { loadDocument } from './load-document.js';
import { collectOperations, type OperationEntry } from './operations.js';
import { buildToolOutput } from './output-schema.js';
import { assignSlugs, slugWords, toolkitPrefix } from './slug.js';
import type { OpenApiDocument } from './types.js';

export interface OpenApiImportInput {
  /** Toolkit slug, e.g. `github`; tool slugs are prefixed with its upper-case form. */
  slug: string;
  /** Defaults to the document's `info.title`. */
  name?: string;
  /** Defaults to the document's `info.description`. */
  description?: string;
  /** An already-parsed OpenAPI 3.0/3.1 or Swagger 2.0 document. */
  spec: unknown;
  /** Overrides the document's first server URL. */
  baseUrl?: string;
  version: string;
  logo?: string | null;
  categories?: string[];
  /** Replaces the schemes derived from the document's security schemes. */
  authSchemes?: AuthScheme[];
}

const MAX_TOOL_DESCRIPTION = 2000;
const MAX_NAME = 200;

/** Converts an OpenAPI document into one toolkit with one tool per operation. */
export async function openApiToBundle(input: OpenApiImportInput): Promise<ToolkitBundle> {
  const explicitSchemes = checkInput(input);
  const doc = await loadDocument(input.spec);
  const baseUrl = resolveBaseUrl(doc, input.baseUrl);
  const authSchemes = explicitSchemes ?? authSchemesFromDocument(doc);

  const operations = collectOperations(doc, baseUrl);
  if (operations.length === 0) {
    throw importError('The OpenAPI document defines no operations (its "paths" object has no usable methods).');
  }
  const slugs = assignSlugs(toolkitPrefix(input.slug), operations.map(slugCandidates));
  const tools = operations.map((entry, index) => validateTool(buildTool(entry, slugs[index] ?? '', input, doc, authSchemes), entry));

  const toolkit = ToolkitSchema.safeParse({
    slug: input.slug,
    name: truncate(input.name ?? doc.info?.title ?? input.slug, MAX_NAME) || input.slug,
    description: truncate(input.description ?? doc.info?.description ?? '', MAX_TOOL_DESCRIPTION),
    logo: input.logo ?? null,
    categories: input.categories ?? [],
    auth_schemes: authSchemes,
    base_url: baseUrl,
    version: input.version,
  });
  if (!toolkit.success) throw importError(`The converted toolkit is invalid: ${issues(toolkit.error)}`);
  return { toolkit: toolkit.data, tools };
}

/** Caller mistakes fail before any parsing work; returns the validated explicit auth schemes. */
function checkInput(input: OpenApiImportInput): AuthScheme[] | undefined {
  const slugCheck = ToolkitSlugSchema.safeParse(input.slug);
  if (!slugCheck.success) {
    throw importError(`Toolkit slug "${input.slug}" ${slugCheck.error.issues[0]?.message ?? 'is not valid'}.`);
  }
  if (input.version.trim() === '') throw importError('A toolkit version is required.');
  if (input.authSchemes === undefined) return undefined;
  const parsed = AuthSchemeSchema.array().min(1).safeParse(input.authSchemes);
  if (!parsed.success) throw importError(`The given auth schemes are invalid: ${issues(parsed.error)}`);
  return parsed.data;
}

/** Slug word lists in order of preference: summary, operationId, then method and path. */
function slugCandidates(entry: OperationEntry): string[][] {
  const { summary, operationId } = entry.operation;
  return [
    typeof summary === 'string' ? slugWords(summary) : [],
    typeof operationId === 'string' ? slugWords(operationId, true) : [],
    [entry.method, ...slugWords(entry.path, true)],
  ].filter((words) => words.length > 0);
}

function buildTool(entry: OperationEntry, slug: string, input: OpenApiImportInput, doc: OpenApiDocument, authSchemes: AuthScheme[]): Tool {
  const { operation, method, path } = entry;
  const toolInput = buildToolInput(entry.parameters, operation.requestBody, authSchemes);
  const security = operation.security ?? doc.security;
  const name = toolName(entry);
  return {
    slug,
    name,
    description: truncate(text(operation.description) ?? text(operation.summary) ?? name, MAX_TOOL_DESCRIPTION),
    toolkit: input.slug,
    input_parameters: toolInput.schema,
    output_parameters: buildToolOutput(operation.responses),
    tags: toolTags(method, operation.tags),
    version: input.version,
    no_auth: isNoAuth(security, authSchemes),
    scopes: requiredScopes(security),
    binding: {
      kind: 'http',
      method,
      path,
      args: toolInput.args,
      ...(toolInput.body === undefined ? {} : { body: toolInput.body }),
    },
  };
}

/** The summary, else the operationId in words ("listPets" → "List pets"), else "GET /pets". */
function toolName(entry: OperationEntry): string {
  const summary = text(entry.operation.summary);
  if (summary !== undefined) return truncate(summary, MAX_NAME);
  const words = slugWords(entry.operation.operationId ?? '', true)
    .join(' ')
    .toLowerCase();
  if (words !== '') return truncate(words.charAt(0).toUpperCase() + words.slice(1), MAX_NAME);
  return truncate(`${entry.method} ${entry.path}`, MAX_NAME);
}

/** A conversion bug must fail loudly rather than put a malformed tool in the catalog. */
function validateTool(tool: Tool, entry: OperationEntry): Tool {
  const parsed = ToolSchema.safeParse(tool);
  if (!parsed.success) {
    throw importError(`Conversion produced an invalid tool for ${entry.method} ${entry.path}: ${issues(parsed.error)}`);
  }
  return parsed.data;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function issues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
