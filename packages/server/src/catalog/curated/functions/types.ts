import type { Tool, Toolkit } from '@toolrouter/core';
import type { ProviderClient } from '../../../execution/backends/provider-client.js';

/** What a curated function gets: its validated arguments (with schema defaults) and the toolkit's API. */
export interface CuratedContext {
  args: Record<string, unknown>;
  /** The toolkit's API with the account's credentials (guarded, time-limited, 401-aware). */
  api: ProviderClient;
  tool: Tool;
  toolkit: Toolkit;
  now: () => Date;
}

/**
 * A curated tool implemented in TypeScript. It returns the shaped result for the model, throws
 * ProviderFailure (via `api.json`) to hand back a provider error as is, or ToolInputError for
 * arguments that pass the schema but cannot work together.
 */
export type CuratedFunction = (ctx: CuratedContext) => Promise<Record<string, unknown>>;

/** Arguments the schema accepts but the tool cannot use (e.g. neither body nor html given). */
export class ToolInputError extends Error {}
