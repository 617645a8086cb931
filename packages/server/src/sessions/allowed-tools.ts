import type { SessionConfig, TagFilter, Tool } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';

/**
 * THE rule for which catalog tools a session may use. Every feature that lists, searches, preloads
 * or executes tools asks this module, so there is exactly one answer.
 *
 * A tool is allowed when it passes every stage, in this order (each stage only narrows):
 *   1. toolkit filter   `toolkits.enable` (only these) or `toolkits.disable` (all but these);
 *                       without either, every toolkit the project can see passes;
 *   2. per-toolkit list `tools[toolkit].enable` (only these) or `.disable` (all but these);
 *   3. per-toolkit tags `tools[toolkit].tags`;
 *   4. global tags      `tags`.
 * A tag filter passes a tool that carries at least one `enable` tag (when any are given) and
 * none of the `disable` tags. Meta-tools and custom (LOCAL_) tools are not catalog tools and are
 * governed by their own settings.
 */
export function blockedReason(tool: Tool, config: SessionConfig): string | undefined {
  const toolkit = tool.toolkit;
  if (config.toolkits?.enable && !config.toolkits.enable.includes(toolkit)) {
    return `its toolkit "${toolkit}" is not in toolkits.enable`;
  }
  if (config.toolkits?.disable?.includes(toolkit)) {
    return `its toolkit "${toolkit}" is in toolkits.disable`;
  }
  const perToolkit = config.tools?.[toolkit];
  if (perToolkit?.enable && !perToolkit.enable.includes(tool.slug)) {
    return `it is not in tools.${toolkit}.enable`;
  }
  if (perToolkit?.disable?.includes(tool.slug)) {
    return `it is in tools.${toolkit}.disable`;
  }
  if (perToolkit?.tags) {
    const why = tagMismatch(tool, perToolkit.tags);
    if (why) return `${why} (tools.${toolkit}.tags)`;
  }
  if (config.tags) {
    const why = tagMismatch(tool, config.tags);
    if (why) return `${why} (tags)`;
  }
  return undefined;
}

function tagMismatch(tool: Tool, filter: TagFilter): string | undefined {
  if (filter.enable && filter.enable.length > 0 && !filter.enable.some((t) => tool.tags.includes(t))) {
    return `it carries none of the enabled tags ${filter.enable.join(', ')}`;
  }
  const hit = filter.disable?.find((t) => tool.tags.includes(t));
  return hit ? `it carries the disabled tag ${hit}` : undefined;
}

/** Does the toolkit pass stage 1? */
export function toolkitPasses(toolkitSlug: string, config: SessionConfig): boolean {
  if (config.toolkits?.enable) return config.toolkits.enable.includes(toolkitSlug);
  return !config.toolkits?.disable?.includes(toolkitSlug);
}

export interface AllowedTools {
  /** Allowed catalog tools, toolkit by toolkit in catalog order. */
  readonly tools: readonly Tool[];
  /** Toolkits passing the toolkit filter, in catalog order (some may have no allowed tool left). */
  readonly toolkits: readonly string[];
  has(slug: string): boolean;
}

export function resolveAllowedTools(view: CatalogView, config: SessionConfig): AllowedTools {
  const tools: Tool[] = [];
  const toolkits: string[] = [];
  for (const [slug, entry] of view.toolkits) {
    if (!toolkitPasses(slug, config)) continue;
    toolkits.push(slug);
    // A toolkit with no per-tool list and no tag filter passes whole: the common session (a list of
    // toolkits) then costs one step per toolkit instead of a blockedReason per tool (1,000+ for GitHub).
    if (!config.tools?.[slug] && !config.tags) tools.push(...entry.tools);
    else for (const tool of entry.tools) if (blockedReason(tool, config) === undefined) tools.push(tool);
  }
  // Built on the first question only: creating a session asks none, and a set of GitHub's slugs is 1,000+ inserts.
  let slugs: Set<string> | undefined;
  return { tools, toolkits, has: (slug) => (slugs ??= new Set(tools.map((t) => t.slug))).has(slug) };
}
