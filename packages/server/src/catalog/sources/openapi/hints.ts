import type { HintTag, HttpBinding } from '@toolrouter/core';

type HttpMethod = HttpBinding['method'];

/**
 * MCP annotation hints implied by HTTP semantics (RFC 9110): safe methods are read-only and
 * idempotent, PUT and DELETE are idempotent, DELETE destroys. Every call reaches an external
 * service, so every tool is open-world.
 */
export function hintTags(method: HttpMethod): HintTag[] {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return ['readOnlyHint', 'idempotentHint', 'openWorldHint'];
    case 'PUT':
      return ['idempotentHint', 'openWorldHint'];
    case 'DELETE':
      return ['idempotentHint', 'destructiveHint', 'openWorldHint'];
    default:
      return ['openWorldHint'];
  }
}

/** Hints first, then the operation's OpenAPI tags as categories; no empties, no repeats. */
export function toolTags(method: HttpMethod, operationTags: unknown): string[] {
  const tags = new Set<string>(hintTags(method));
  if (Array.isArray(operationTags)) {
    for (const tag of operationTags) if (typeof tag === 'string' && tag.trim() !== '') tags.add(tag.trim());
  }
  return [...tags];
}
