import { ToolRouterError, type ToolRouterErrorOptions } from '@toolrouter/core';

/** Every failure of an OpenAPI import surfaces as IMPORT_FAILED so callers handle one code. */
export function importError(message: string, options: ToolRouterErrorOptions = {}): ToolRouterError {
  return new ToolRouterError('IMPORT_FAILED', message, options);
}

export function truncate(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
