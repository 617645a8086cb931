import type { CatalogView } from '../../catalog/catalog-view.js';
import { resultSchema } from '../../catalog/result-shape.js';
import { closestSlugs } from '../../catalog/suggest.js';
import type { AllowedTools } from '../../sessions/allowed-tools.js';

export interface GetToolSchemasArgs {
  tool_slugs: string[];
  include?: Array<'input_schema' | 'output_schema'>;
}

/**
 * COMPOSIO_GET_TOOL_SCHEMAS: full schemas of tools the session may use. A slug that is unknown, or
 * that the session does not allow, is reported as not found (denied tools are never revealed),
 * with up to three close slugs the session does allow.
 */
export function getToolSchemas(view: CatalogView, allowed: AllowedTools, args: GetToolSchemasArgs) {
  const include = new Set(args.include ?? ['input_schema']);
  const schemas: Record<string, Record<string, unknown>> = {};
  const notFound: string[] = [];
  const suggestions: Record<string, string[]> = {};
  const allowedSlugs = allowed.tools.map((t) => t.slug);
  for (const requested of args.tool_slugs) {
    const slug = requested.trim().toUpperCase();
    const tool = allowed.has(slug) ? view.tool(slug) : undefined;
    if (!tool) {
      notFound.push(requested);
      suggestions[requested] = closestSlugs(slug, allowedSlugs, 3);
      continue;
    }
    schemas[slug] = {
      toolkit: tool.toolkit,
      tool_slug: slug,
      description: tool.description,
      ...(include.has('input_schema') ? { input_schema: tool.input_parameters } : {}),
      ...(include.has('output_schema') ? { output_schema: resultSchema(tool.output_parameters) } : {}),
    };
  }
  return {
    success: notFound.length === 0,
    tool_schemas: schemas,
    ...(notFound.length > 0
      ? {
          not_found: notFound,
          suggestions,
          not_found_message: `${notFound.length} of the requested tools are not available in this session: ${notFound.join(', ')}. Check the suggestions or search again.`,
        }
      : {}),
  };
}
