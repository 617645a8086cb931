import type { CustomTool, CustomToolkit, Tool, Toolkit } from '@toolrouter/core';
import { customToolSlug } from '../sessions/custom-tools.js';
import type { IndexedTool } from './types.js';

export function indexedTool(tool: Tool, toolkit: Toolkit): IndexedTool {
  return {
    slug: tool.slug,
    toolkit: toolkit.slug,
    toolkitName: toolkit.name,
    toolkitDescription: toolkit.description,
    name: tool.name,
    description: tool.description,
    inputSchema: tool.input_parameters,
    tags: tool.tags,
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
