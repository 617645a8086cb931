import type { ExecuteResult } from './results.js';
import type { SessionToolSchema } from './tools.js';

export interface ExecuteParams {
  arguments: Record<string, unknown>;
  /** Connected account id or alias. */
  account?: string;
}

/**
 * Hooks around the tools an agent sees and runs. They run in this process; nothing about them is
 * sent to the server. For meta-tools `toolkitSlug` is `composio`; for local tools it is their
 * custom toolkit, the toolkit they extend, or `local`.
 */
export interface Modifiers {
  /** Change a tool as the model will see it (description, parameters). Applied by `session.tools()`. */
  modifySchema?(ctx: { toolSlug: string; toolkitSlug: string; schema: SessionToolSchema }): SessionToolSchema | Promise<SessionToolSchema>;
  /** Change the arguments (or account) before a call runs. */
  beforeExecute?(ctx: { toolSlug: string; toolkitSlug: string; sessionId: string; params: ExecuteParams }): ExecuteParams | Promise<ExecuteParams>;
  /** Change the result before it is returned (e.g. trim large responses). */
  afterExecute?(ctx: { toolSlug: string; toolkitSlug: string; sessionId: string; result: ExecuteResult }): ExecuteResult | Promise<ExecuteResult>;
}

export interface ExecuteOptions {
  account?: string;
  modifiers?: Modifiers;
}
