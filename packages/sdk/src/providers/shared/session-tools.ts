import { ToolRouterApiError } from '../../errors/api-errors.js';
import type { Modifiers } from '../../session/modifiers.js';
import { type ExecuteResult, errorResult } from '../../session/results.js';
import type { ToolRouterSession } from '../../session/session.js';
import type { SessionTool } from '../../session/tools.js';

/**
 * Server errors a model can act on (a wrong tool name, bad arguments, a missing connection):
 * adapters hand them back as the tool's result so the model can correct itself. Anything else
 * (a bad API key, a deleted session, the server down) is the application's problem and is thrown.
 */
const MODEL_FIXABLE = new Set([
  'TOOL_NOT_FOUND',
  'TOOLKIT_NOT_FOUND',
  'VALIDATION_FAILED',
  'NO_ACTIVE_CONNECTION',
  'ACCOUNT_SELECTION_REQUIRED',
  'CONNECTED_ACCOUNT_NOT_FOUND',
  'EXECUTION_UNAVAILABLE',
  'EGRESS_DENIED',
]);

/** What every adapter shares: the session's tools, and running a model's tool call through them. */
export class SessionTools {
  readonly session: ToolRouterSession;
  readonly modifiers: Modifiers | undefined;
  readonly #listed = new Map<string, SessionTool>();

  constructor(session: ToolRouterSession, modifiers: Modifiers | undefined) {
    this.session = session;
    this.modifiers = modifiers;
  }

  async list(): Promise<SessionTool[]> {
    const tools = await this.session.tools(this.modifiers ? { modifiers: this.modifiers } : {});
    for (const tool of tools) this.#listed.set(tool.slug, tool);
    return tools;
  }

  /** Runs one tool call; `rawArguments` is the JSON text (OpenAI) or the object (Anthropic, AI SDK). */
  async run(name: string, rawArguments: unknown): Promise<ExecuteResult> {
    let args: Record<string, unknown>;
    try {
      const parsed: unknown = typeof rawArguments === 'string' ? (rawArguments.trim() ? JSON.parse(rawArguments) : {}) : (rawArguments ?? {});
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      args = parsed as Record<string, unknown>;
    } catch (error) {
      return errorResult(`The arguments for ${name} are not a JSON object (${(error as Error).message}); send them again as one.`);
    }
    try {
      const listed = this.#listed.get(name);
      if (listed) return await listed.execute(args);
      return await this.session.execute(name, args, this.modifiers ? { modifiers: this.modifiers } : {});
    } catch (error) {
      if (error instanceof ToolRouterApiError && MODEL_FIXABLE.has(error.code)) {
        return errorResult(error.suggestedFix ? `${error.message}. ${error.suggestedFix}` : error.message);
      }
      throw error;
    }
  }
}

/** The text a model receives as a tool's result. */
export function resultText(result: ExecuteResult): string {
  return JSON.stringify({ successful: result.successful, data: result.data, error: result.error });
}
