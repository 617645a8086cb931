import type { Tool } from '@toolrouter/core';
import type { ToolkitConnectionState } from '../connections/connection-status.js';

/**
 * The advice attached to each search result, derived only from facts we hold: required
 * arguments, connection state and tool hints. Nothing here is invented by a model.
 */
export type Difficulty = 'easy' | 'medium' | 'hard';

const PAGING_ARGS = ['page', 'per_page', 'cursor', 'pagetoken', 'page_token', 'limit', 'offset', 'maxresults', 'next_token'];

export function requiredArgs(tool: Tool): string[] {
  return tool.input_parameters.required ?? [];
}

export function knownFieldNames(knownFields: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (knownFields ?? '').split(',')) {
    const key = part.split(':')[0]?.trim().toLowerCase();
    if (key) names.add(key);
  }
  return names;
}

export function difficulty(primary: readonly Tool[], states: Map<string, ToolkitConnectionState>, known: Set<string>): Difficulty {
  const toolkits = new Set(primary.map((t) => t.toolkit));
  const unconnected = [...toolkits].filter((tk) => states.get(tk)?.has_active_connection === false).length;
  const missing = primary.flatMap(requiredArgs).filter((a) => !known.has(a.toLowerCase())).length;
  if (toolkits.size > 2 || (unconnected > 0 && missing > 3)) return 'hard';
  if (toolkits.size > 1 || unconnected > 0 || missing > 3) return 'medium';
  return 'easy';
}

export function planSteps(primary: readonly Tool[], states: Map<string, ToolkitConnectionState>, known: Set<string>, withoutSchema: Set<string>): string[] {
  const steps: string[] = [];
  const toConnect = [...new Set(primary.map((t) => t.toolkit))].filter((tk) => states.get(tk)?.has_active_connection === false);
  if (toConnect.length > 0) {
    steps.push(
      `Make sure ${toConnect.join(' and ')} ${toConnect.length > 1 ? 'are' : 'is'} connected: call COMPOSIO_MANAGE_CONNECTIONS with toolkits ${JSON.stringify(toConnect)} and share the link with the user if one is returned.`,
    );
  }
  const needSchemas = primary.filter((t) => withoutSchema.has(t.slug)).map((t) => t.slug);
  if (needSchemas.length > 0) steps.push(`Fetch the input schema of ${needSchemas.join(', ')} with COMPOSIO_GET_TOOL_SCHEMAS.`);
  for (const tool of primary) {
    const missing = requiredArgs(tool).filter((a) => !known.has(a.toLowerCase()));
    steps.push(
      missing.length > 0
        ? `Call ${tool.slug} (${tool.name}); it needs ${missing.join(', ')} — ask the user for any value you cannot infer.`
        : `Call ${tool.slug} (${tool.name}).`,
    );
  }
  return steps;
}

export function pitfalls(tools: readonly Tool[]): string[] {
  const notes: string[] = [];
  for (const tool of tools) {
    if (tool.tags.includes('destructiveHint')) {
      notes.push(`${tool.slug} changes or deletes data that may not be recoverable; confirm with the user before calling it.`);
    }
    const props = Object.keys(tool.input_parameters.properties ?? {});
    const paging = props.filter((p) => PAGING_ARGS.includes(p.toLowerCase()));
    if (paging.length > 0) notes.push(`${tool.slug} returns results in pages (${paging.join(', ')}); request further pages when you need everything.`);
  }
  return notes;
}
