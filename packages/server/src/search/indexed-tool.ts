import type { CustomTool, CustomToolkit, Tool, Toolkit } from '@toolrouter/core';
import { precomputedParamText } from '../catalog/compiled/lazy-tool.js';
import { isReferenceTool } from '../catalog/reference-tools.js';
import { customToolSlug } from '../sessions/custom-tools.js';
import type { IndexedTool } from './types.js';

/** Stands in for the schema of a compiled tool, whose argument words come precomputed. */
const NOT_LOADED: Record<string, unknown> = Object.freeze({ type: 'object' });

export function indexedTool(tool: Tool, toolkit: Toolkit): IndexedTool {
  // A compiled catalog tool carries its argument words, so indexing it never reads its schema file.
  const paramText = precomputedParamText(tool);
  return {
    slug: tool.slug,
    toolkit: toolkit.slug,
    toolkitName: toolkit.name,
    toolkitDescription: toolkit.description,
    name: tool.name,
    description: tool.description,
    inputSchema: paramText ? NOT_LOADED : tool.input_parameters,
    paramText,
    tags: tool.tags,
    // A compiled operation is never curated; reading its binding would load its detail file.
    agentReady: paramText === undefined && (tool.binding.kind === 'template' || tool.binding.kind === 'function'),
    reference: isReferenceTool(tool),
  };
}

/** A session's inline custom tools as search documents, under their final LOCAL_ slugs. */
export function indexedCustomTools(
  tools: readonly CustomTool[] = [],
  toolkits: readonly CustomToolkit[] = [],
  toolkitOf: (slug: string) => Toolkit | undefined,
): IndexedTool[] {
  const docs: IndexedTool[] = tools.map((t) => {
    const parent = t.extends_toolkit ? toolkitOf(t.extends_toolkit) : undefined;
    return {
      slug: customToolSlug(t.slug, t.extends_toolkit),
      toolkit: t.extends_toolkit ?? 'custom',
      toolkitName: parent?.name ?? 'Custom tools',
      toolkitDescription: parent?.description ?? '',
      name: t.name,
      description: t.description,
      inputSchema: t.input_schema,
      tags: [],
    };
  });
  for (const tk of toolkits) {
    for (const t of tk.tools) {
      docs.push({
        slug: customToolSlug(t.slug, tk.slug),
        toolkit: tk.slug,
        toolkitName: tk.name,
        toolkitDescription: tk.description,
        name: t.name,
        description: t.description,
        inputSchema: t.input_schema,
        tags: [],
      });
    }
  }
  return docs;
}
