import { CUSTOM_SLUG_PATTERN } from '@toolrouter/core';
import type { z } from 'zod';
import { CustomToolDefinitionError } from '../errors/sdk-error.js';
import type { ExecuteResult, JsonSchemaObject, ProxyExecuteParams, ProxyExecuteResult } from '../session/results.js';

/** What a local tool's `execute` receives besides its input: who it runs for, and ways to call other tools. */
export interface CustomToolContext {
  userId: string;
  sessionId: string;
  /** The tool's final slug, e.g. `LOCAL_GREP`. */
  toolSlug: string;
  /** Runs another tool of the session (catalog, meta or local) with the same rules as `session.execute`. */
  execute(slug: string, args?: Record<string, unknown>, options?: { account?: string }): Promise<ExecuteResult>;
  /** Calls a toolkit's API with the user's connected account (`session.proxyExecute`). */
  proxyExecute(params: ProxyExecuteParams): Promise<ProxyExecuteResult>;
}

/** Any zod schema whose output is an object; zod is an optional peer, needed only for custom tools. */
export type ObjectSchema = z.ZodType<Record<string, unknown>>;

export interface CustomToolOptions<S extends ObjectSchema> {
  name: string;
  description: string;
  /** zod object schema of the arguments; the model sees it as JSON Schema, inputs are checked against it. */
  inputParams: S;
  outputParams?: z.ZodType;
  /** Catalog toolkit whose connection the tool uses; it is then named `LOCAL_<TOOLKIT>_<SLUG>`. */
  extendsToolkit?: string;
  /** List the tool in `session.tools()` directly, so the agent need not search for it. */
  preload?: boolean;
  /** The return value becomes the result's `data` (objects as they are, anything else as `{ result }`). */
  execute(input: z.output<S>, ctx: CustomToolContext): unknown;
}

/** A tool that runs in this process. Register it with `experimental.customTools` or `router.use(id, { customTools })`. */
export interface CustomTool<S extends ObjectSchema = ObjectSchema> {
  readonly kind: 'custom_tool';
  /** The slug as written; the server names the tool `LOCAL_…` (see `session.customTools()`). */
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly inputParams: S;
  readonly inputSchema: JsonSchemaObject;
  readonly outputSchema: Record<string, unknown> | undefined;
  readonly extendsToolkit: string | undefined;
  readonly preload: boolean;
  readonly execute: (input: z.output<S>, ctx: CustomToolContext) => unknown;
}

export interface CustomToolkit {
  readonly kind: 'custom_toolkit';
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly preload: boolean;
  readonly tools: readonly CustomTool[];
}

function checkSlug(slug: string, what: string): void {
  if (!CUSTOM_SLUG_PATTERN.test(slug) || slug.length > 60) {
    throw new CustomToolDefinitionError(`${what} slug "${slug}" may only contain letters, digits, "_" and "-" (at most 60)`);
  }
  if (/^(LOCAL_|COMPOSIO_)/i.test(slug)) {
    throw new CustomToolDefinitionError(`${what} slug "${slug}" must not start with LOCAL_ or COMPOSIO_; the server adds LOCAL_ itself`);
  }
}

function checkText(value: unknown, field: string, slug: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CustomToolDefinitionError(`${slug}: "${field}" must be a non-empty string`);
  }
  return value;
}

/** JSON Schema of a zod schema, as the model and the server see it. */
function jsonSchemaOf(schema: z.ZodType, slug: string, field: string): Record<string, unknown> {
  if (!schema || typeof (schema as { toJSONSchema?: unknown }).toJSONSchema !== 'function') {
    throw new CustomToolDefinitionError(`${slug}: "${field}" must be a zod (v4) schema, e.g. z.object({ … })`);
  }
  const { $schema: _ignored, ...json } = schema.toJSONSchema({ target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return json;
}

/** Defines a local tool. Slug rules and schemas are checked now, so mistakes surface at start-up. */
export function createTool<S extends ObjectSchema>(slug: string, options: CustomToolOptions<S>): CustomTool<S> {
  checkSlug(slug, 'Tool');
  const name = checkText(options.name, 'name', slug);
  const description = checkText(options.description, 'description', slug);
  if (typeof options.execute !== 'function') throw new CustomToolDefinitionError(`${slug}: "execute" must be a function`);
  const input = jsonSchemaOf(options.inputParams, slug, 'inputParams');
  if (input.type !== 'object') throw new CustomToolDefinitionError(`${slug}: "inputParams" must be a z.object(…) schema`);
  if (options.extendsToolkit !== undefined) checkText(options.extendsToolkit, 'extendsToolkit', slug);
  return Object.freeze({
    kind: 'custom_tool' as const,
    slug,
    name,
    description,
    inputParams: options.inputParams,
    inputSchema: { properties: {}, ...input, type: 'object' as const },
    outputSchema: options.outputParams ? jsonSchemaOf(options.outputParams, slug, 'outputParams') : undefined,
    extendsToolkit: options.extendsToolkit,
    preload: options.preload === true,
    execute: options.execute,
  });
}

export interface CustomToolkitOptions {
  name: string;
  description: string;
  tools: readonly CustomTool[];
  /** Preload every tool of the toolkit (see `CustomToolOptions.preload`). */
  preload?: boolean;
}

/** Groups local tools under a toolkit of their own; its tools are named `LOCAL_<TOOLKIT>_<SLUG>`. */
export function createToolkit(slug: string, options: CustomToolkitOptions): CustomToolkit {
  checkSlug(slug, 'Toolkit');
  const name = checkText(options.name, 'name', slug);
  const description = checkText(options.description, 'description', slug);
  if (!Array.isArray(options.tools) || options.tools.length === 0) {
    throw new CustomToolDefinitionError(`${slug}: "tools" must list at least one tool made with createTool`);
  }
  const seen = new Set<string>();
  for (const tool of options.tools) {
    if (tool?.kind !== 'custom_tool') throw new CustomToolDefinitionError(`${slug}: every entry of "tools" must come from createTool`);
    if (tool.extendsToolkit) {
      throw new CustomToolDefinitionError(`${slug}: tool ${tool.slug} sets extendsToolkit; tools of a custom toolkit belong to that toolkit`);
    }
    const key = tool.slug.toUpperCase();
    if (seen.has(key)) throw new CustomToolDefinitionError(`${slug}: two tools are named ${tool.slug}`);
    seen.add(key);
  }
  return Object.freeze({ kind: 'custom_toolkit' as const, slug, name, description, preload: options.preload === true, tools: [...options.tools] });
}
