import { type HintTag, MAX_TOOL_SLUG_LENGTH, type Tool, type ToolkitBundle, ToolkitSchema, ToolSchema } from '@toolrouter/core';

/** A tool as an MCP server lists it (`tools/list`), reduced to what we read. */
export interface McpToolListing {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown> | undefined;
  annotations?:
    | {
        title?: string | undefined;
        readOnlyHint?: boolean | undefined;
        destructiveHint?: boolean | undefined;
        idempotentHint?: boolean | undefined;
        openWorldHint?: boolean | undefined;
      }
    | undefined;
}

export interface McpServerDescription {
  slug: string;
  name: string;
  description: string;
  /** Changes whenever the server is re-registered, so caches and search re-index. */
  version: string;
  tools: readonly McpToolListing[];
}

/**
 * An upstream MCP server's tools as one toolkit. Tool slugs are `<SERVER>_<TOOL NAME>` in
 * UPPER_SNAKE (made unique), annotations become hint tags with the MCP defaults (destructive and
 * open-world unless said otherwise), and every tool is bound to its upstream name.
 */
export function mcpToolsToBundle(server: McpServerDescription): ToolkitBundle {
  const toolkit = ToolkitSchema.parse({
    slug: server.slug,
    name: server.name,
    description: server.description,
    categories: ['mcp'],
    auth_schemes: [{ mode: 'NO_AUTH' }],
    base_url: null,
    version: server.version,
  });
  const prefix = `${server.slug.toUpperCase().replace(/-/g, '_')}_`;
  const taken = new Set<string>();
  const tools = server.tools.map((listing): Tool => {
    const slug = uniqueSlug(prefix, listing.name, taken);
    const parsed = ToolSchema.safeParse({
      slug,
      name: (listing.annotations?.title ?? listing.title ?? listing.name).slice(0, 200) || listing.name,
      description: (listing.description ?? listing.title ?? listing.name).slice(0, 10_000),
      toolkit: server.slug,
      input_parameters: inputSchema(listing.inputSchema),
      output_parameters: listing.outputSchema ?? {},
      tags: hintTags(listing.annotations),
      version: server.version,
      no_auth: true,
      scopes: [],
      binding: { kind: 'mcp', server: server.slug, tool: listing.name },
    });
    if (!parsed.success) throw new Error(`MCP tool "${listing.name}" cannot be listed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  });
  return { toolkit, tools };
}

function uniqueSlug(prefix: string, name: string, taken: Set<string>): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const base = `${prefix}${words || 'TOOL'}`.slice(0, MAX_TOOL_SLUG_LENGTH).replace(/_+$/, '');
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base.slice(0, MAX_TOOL_SLUG_LENGTH - String(n).length - 1)}_${n}`;
  taken.add(slug);
  return slug;
}

/** Always an object schema; `$schema` is dropped so any draft compiles with our validator. */
function inputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema ?? {};
  return { ...rest, type: 'object', properties: (rest['properties'] as Record<string, unknown> | undefined) ?? {} };
}

function hintTags(a: McpToolListing['annotations']): HintTag[] {
  const readOnly = a?.readOnlyHint === true;
  const effective: Record<HintTag, boolean> = {
    readOnlyHint: readOnly,
    destructiveHint: !readOnly && (a?.destructiveHint ?? true),
    idempotentHint: a?.idempotentHint === true,
    openWorldHint: a?.openWorldHint ?? true,
  };
  return (Object.keys(effective) as HintTag[]).filter((tag) => effective[tag]);
}
