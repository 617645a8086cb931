import type { ToolkitBundle } from '@toolrouter/core';

/**
 * Where toolkits come from. Each source (OpenAPI documents, the compiled built-in catalog,
 * declarative toolkit files, and later upstream MCP servers) turns its input into validated
 * toolkit bundles and does nothing else: no storage, no network of its own.
 */
export interface ToolSource {
  /** Human-readable origin used in logs and error messages, e.g. `openapi:github` or a file path. */
  readonly name: string;
  /**
   * True for hand-curated toolkits (declarative files): a toolkit of this source whose slug a
   * compiled source already defines overlays that toolkit instead of clashing with it.
   */
  readonly overlay?: boolean;
  load(): Promise<ToolkitBundle[]>;
}
