import type { CallToolResult, Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { HINT_TAGS, type ToolItem } from '@toolrouter/core';
import type { ExecuteResult } from '../execution/execution-service.js';

/** Every tool result has this shape, so it is declared as every tool's output schema. */
const RESULT_SCHEMA = {
  type: 'object' as const,
  properties: {
    data: { type: 'object', description: 'What the tool returned.' },
    error: { type: ['string', 'null'], description: 'Why the call failed, or null.' },
    successful: { type: 'boolean' },
  },
  required: ['data', 'error', 'successful'],
};

/**
 * MCP hints from catalog tags. Tags are the catalog's hint vocabulary; when a tool carries none
 * of them nothing is known, so no hint is claimed and MCP's defaults apply. When it carries any,
 * the tagging was deliberate and a missing tag means false.
 */
export function annotationsFrom(name: string, tags: readonly string[]): ToolAnnotations {
  const hints = HINT_TAGS.filter((tag) => tags.includes(tag));
  if (hints.length === 0) return { title: name };
  return {
    title: name,
    readOnlyHint: tags.includes('readOnlyHint'),
    destructiveHint: tags.includes('destructiveHint'),
    idempotentHint: tags.includes('idempotentHint'),
    openWorldHint: tags.includes('openWorldHint'),
  };
}

/** A session tool as MCP lists it: the slug is the name, as in every other client of the router. */
export function mcpToolFrom(item: ToolItem): McpTool {
  return {
    name: item.slug,
    title: item.name,
    description: item.description,
    inputSchema: { ...item.input_parameters, type: 'object' } as McpTool['inputSchema'],
    outputSchema: RESULT_SCHEMA,
    annotations: annotationsFrom(item.name, item.tags),
  };
}

/**
 * The JSON text of each result's envelope, by result. The text block and `structuredContent` carry
 * the same envelope, so whoever serialises the whole message (fast-path.ts) can put this text in
 * as `structuredContent` instead of serialising a tool's data a second time.
 */
const envelopeTexts = new WeakMap<CallToolResult, string>();

/** The JSON text of `result.structuredContent`, if the result was built here (then it is exactly that). */
export function envelopeTextOf(result: CallToolResult): string | undefined {
  return envelopeTexts.get(result);
}

function resultOf(envelope: { data: Record<string, unknown>; error: string | null; successful: boolean }, meta?: CallToolResult['_meta']): CallToolResult {
  const text = JSON.stringify(envelope);
  const result: CallToolResult = {
    content: [{ type: 'text', text }],
    structuredContent: envelope,
    isError: envelope.error !== null,
    ...(meta ? { _meta: meta } : {}),
  };
  envelopeTexts.set(result, text);
  return result;
}

/** The execute envelope as an MCP result: JSON text for every client, the same object as structured content. */
export function callResultFrom(result: ExecuteResult): CallToolResult {
  return resultOf({ data: result.data, error: result.error, successful: result.error === null }, { 'toolrouter/log_id': result.log_id });
}

/** A failure the agent should read and act on (not a protocol error). */
export function toolFailure(message: string): CallToolResult {
  return resultOf({ data: {}, error: message, successful: false });
}
