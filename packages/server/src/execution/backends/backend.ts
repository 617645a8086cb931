import type { Tool, Toolkit } from '@toolrouter/core';
import type { CallCredentials } from '../../connections/credentials.js';
import type { SessionRow } from '../../store/store.js';

/** Everything a backend needs to run one validated, permitted call. */
export interface BackendCall {
  projectId: string;
  session: SessionRow;
  tool: Tool;
  toolkit: Toolkit;
  arguments: Record<string, unknown>;
  credentials: CallCredentials;
  /** The project's egress allowlist entries (added to the operator's). */
  egressAllow: readonly string[];
  timeoutMs: number;
}

export interface BackendOutcome {
  /** Always an object: the provider's payload, or details of its error. */
  data: Record<string, unknown>;
  /** A readable description of what went wrong, or null on success. */
  error: string | null;
  /** The provider rejected the credentials (HTTP 401): renew them and try once more. */
  unauthorized?: boolean;
}

/**
 * Runs a tool of one binding kind. One small interface per seam: HTTP tools, upstream MCP
 * servers and project webhooks each implement it; the pipeline picks by `tool.binding.kind`.
 */
export interface ToolBackend {
  run(call: BackendCall): Promise<BackendOutcome>;
}
