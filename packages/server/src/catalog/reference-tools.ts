import type { Tool } from '@toolrouter/core';

/**
 * Which generated operations carry a slug the reference product's users know (`GITHUB_CREATE_AN_ISSUE`,
 * `LINEAR_CREATE_LINEAR_ISSUE`): the catalog builds record them per toolkit (`reference_slugs`), and
 * search ranks those operations like curated tools (see `IndexedTool.reference`). The
 * mark is a non-enumerable symbol, so a tool's JSON, its API answers and its spreads never show it.
 */
const REFERENCE = Symbol('toolrouter.referenceTool');

type Marked = Tool & { [REFERENCE]?: true };

/** Marks each of `tools` whose slug is in `slugs` as a reference tool. */
export function markReferenceTools(tools: readonly Tool[], slugs: readonly string[]): void {
  if (slugs.length === 0) return;
  const wanted = new Set(slugs);
  for (const tool of tools) if (wanted.has(tool.slug)) Object.defineProperty(tool, REFERENCE, { value: true });
}

/** Whether a catalog build recorded `tool` as one of the reference's verified tools. */
export function isReferenceTool(tool: Tool): boolean {
  return (tool as Marked)[REFERENCE] === true;
}
