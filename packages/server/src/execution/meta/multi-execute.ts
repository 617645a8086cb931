import { isMetaToolSlug, isToolRouterError } from '@toolrouter/core';
import type { LoadedSession } from '../../sessions/session-service.js';
import { mapLimit } from '../concurrency.js';
import type { ExecuteOptions, ToolRunner } from '../tool-runner.js';

/** Items run at once per call; the rest wait for a free slot. */
export const MULTI_EXECUTE_CONCURRENCY = 8;

export interface MultiExecuteArgs {
  tools: Array<{ tool_slug: string; arguments: Record<string, unknown>; account?: string }>;
  session_id?: string;
}

export interface MultiExecuteItem {
  tool_slug: string;
  index: number;
  response: { successful: boolean; data: Record<string, unknown>; error: string | null; log_id: string } | null;
  error: string | null;
}

/**
 * COMPOSIO_MULTI_EXECUTE_TOOL: each item goes through the same pipeline as a single execute, in
 * parallel under a limit; one item's failure never hides another's result. `response` is null
 * for items refused before anything ran (unknown tool, invalid arguments, no connection).
 */
export async function multiExecute(
  runner: ToolRunner,
  input: {
    projectId: string;
    loaded: LoadedSession;
    args: MultiExecuteArgs;
    parentId: string;
    account?: string | undefined;
    offload: boolean;
    options: ExecuteOptions;
  },
) {
  const results = await mapLimit(input.args.tools, MULTI_EXECUTE_CONCURRENCY, async (item, index): Promise<MultiExecuteItem> => {
    const slug = item.tool_slug.trim().toUpperCase();
    if (isMetaToolSlug(slug)) {
      return {
        tool_slug: item.tool_slug,
        index,
        response: null,
        error: `${slug} is a meta tool; call it directly instead of inside COMPOSIO_MULTI_EXECUTE_TOOL.`,
      };
    }
    try {
      const r = await runner.run(
        input.projectId,
        input.loaded,
        { slug, arguments: item.arguments, account: item.account ?? input.account, parentId: input.parentId, offload: input.offload },
        input.options,
      );
      const hasDetails = r.ran || Object.keys(r.data).length > 0;
      return {
        tool_slug: item.tool_slug,
        index,
        response: hasDetails ? { successful: r.error === null, data: r.data, error: r.error, log_id: r.log_id } : null,
        error: r.error,
      };
    } catch (error) {
      if (!isToolRouterError(error)) throw error;
      return { tool_slug: item.tool_slug, index, response: null, error: `${error.message}.${error.suggestedFix ? ` ${error.suggestedFix}` : ''}` };
    }
  });
  const errorCount = results.filter((r) => r.error !== null).length;
  return {
    data: {
      results,
      total_count: results.length,
      success_count: results.length - errorCount,
      error_count: errorCount,
      ...(input.args.session_id
        ? { session: { id: input.args.session_id, instructions: 'Pass this session_id to the next meta-tool call of this workflow.' } }
        : {}),
    },
    error: errorCount > 0 ? `${errorCount} out of ${results.length} tools failed` : null,
  };
}
