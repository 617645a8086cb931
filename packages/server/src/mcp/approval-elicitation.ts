import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ElicitResultSchema, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';

/** What the execution pipeline asks about (an approval request bound to one call). */
export interface ApprovalQuestion {
  id: string;
  tool_slug: string;
  /** The call's arguments as stored with the request (secrets already redacted). */
  arguments: unknown;
}

export interface ToolSummary {
  slug: string;
  name: string;
  description: string;
}

/** `undefined`: no decision now (the client cancelled or did not answer); the request stays pending. */
export type ApprovalAnswer = 'approve' | 'deny' | undefined;

/** How long a person gets to answer before the call reports that approval is needed. */
export const ELICITATION_TIMEOUT_MS = 5 * 60_000;

const ARGUMENTS_PREVIEW = 1_500;

/**
 * Asks the person at the MCP client, through elicitation in the middle of the tool call, whether
 * one call may run. Only used when the client declared elicitation at initialize.
 */
export function elicitApproval(extra: RequestHandlerExtra<ServerRequest, ServerNotification>, timeoutMs = ELICITATION_TIMEOUT_MS) {
  return async (question: ApprovalQuestion, tool: ToolSummary): Promise<ApprovalAnswer> => {
    let args = JSON.stringify(question.arguments, null, 2);
    if (args.length > ARGUMENTS_PREVIEW) args = `${args.slice(0, ARGUMENTS_PREVIEW)}\n…`;
    try {
      const result = await extra.sendRequest(
        {
          method: 'elicitation/create',
          params: {
            message: `The agent wants to run "${tool.name}" (${tool.slug}) with these arguments:\n${args}\nAllow this call?`,
            requestedSchema: {
              type: 'object',
              properties: {
                approve: { type: 'boolean', title: 'Allow this call', description: 'Yes runs the tool once with exactly these arguments.' },
              },
              required: ['approve'],
            },
          },
        },
        ElicitResultSchema,
        { timeout: timeoutMs },
      );
      if (result.action === 'cancel') return undefined;
      if (result.action === 'decline') return 'deny';
      return result.content?.approve === true ? 'approve' : 'deny';
    } catch {
      // Timed out, or the client went away: leave the decision to the application.
      return undefined;
    }
  };
}
