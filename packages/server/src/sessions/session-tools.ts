import { META_TOOLS, type SessionConfig, type ToolItem } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';
import { metaToolItem, toolItem } from '../catalog/tool-item.js';
import { resolveAllowedTools } from './allowed-tools.js';
import { enabledMetaTools } from './meta-tools-for.js';

/**
 * The tools an agent is handed for a session: the enabled meta-tools, then the preloaded catalog
 * tools (every allowed tool for `preload.tools: "all"`, which is what the direct-tools preset sends).
 * `GET …/tools` and the MCP endpoint's tools/list both answer with exactly this list.
 */
export function sessionToolItems(view: CatalogView, config: SessionConfig, origin: string): ToolItem[] {
  const items: ToolItem[] = enabledMetaTools(config).map((slug) => metaToolItem(META_TOOLS[slug]));
  const preload = config.preload?.tools;
  if (preload) {
    const allowed = resolveAllowedTools(view, config);
    const chosen = preload === 'all' ? allowed.tools : preload.flatMap((s) => (allowed.has(s) ? [view.tool(s)!] : []));
    for (const tool of chosen) items.push(toolItem(tool, view.toolkit(tool.toolkit)?.toolkit, origin));
  }
  return items;
}
