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
  /** The session's workbench sandbox, for toolkits that run code instead of calling an API (codeinterpreter). */
  sandbox?: CuratedSandbox | undefined;
}

/** What a sandbox step answers: the workbench's wire shape, and an error for the agent (null on success). */
export interface SandboxAnswer {
  data: Record<string, unknown>;
  error: string | null;
}

/**
 * The calling session's workbench kernel (the one behind COMPOSIO_REMOTE_WORKBENCH), without the
 * router helpers: code run this way cannot call tools, it only computes and touches /mnt/files.
 */
export interface CuratedSandbox {
  /** Short id of the session's sandbox, as the workbench reports it (`sandbox_id_suffix`). */
  id: string;
  runCode(code: string): Promise<SandboxAnswer>;
  runBash(command: string): Promise<SandboxAnswer>;
}

/**
 * A curated tool implemented in TypeScript. It returns the shaped result for the model, throws
 * ProviderFailure (via `api.json`) to hand back a provider error as is, or ToolInputError for
 * arguments that pass the schema but cannot work together.
 */
export type CuratedFunction = (ctx: CuratedContext) => Promise<Record<string, unknown>>;

/** Arguments the schema accepts but the tool cannot use (e.g. neither body nor html given). */
export class ToolInputError extends Error {}
