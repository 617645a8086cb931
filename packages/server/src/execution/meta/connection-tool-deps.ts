import type { ConnectionService } from '../../connections/connection-service.js';

/** What COMPOSIO_MANAGE_CONNECTIONS and COMPOSIO_WAIT_FOR_CONNECTIONS need. */
export interface ConnectionToolDeps {
  accounts: ConnectionService;
  /** TOOLROUTER_PUBLIC_URL; links otherwise use the origin of the current request. */
  publicUrl: string | undefined;
  /** Upper bound for one wait (default 120 s). */
  maxWaitMs?: number;
}

export function sessionInfo(sessionId: string | undefined) {
  return sessionId ? { id: sessionId, instructions: `Pass session_id "${sessionId}" to the next meta-tool calls of this task.` } : undefined;
}
