import { ToolRouterApiError } from '../errors/api-errors.js';
import type { ExecuteResult, MultiExecuteData, MultiExecuteItem, MultiExecuteItemResult } from '../session/results.js';
import type { LocalEntry, LocalToolRegistry } from './local-registry.js';

export const MULTI_EXECUTE_SLUG = 'COMPOSIO_MULTI_EXECUTE_TOOL';

interface RemoteItemResult {
  index?: number;
  tool_slug?: string;
  response?: MultiExecuteItemResult['response'];
  error?: string | null;
}

/**
 * COMPOSIO_MULTI_EXECUTE_TOOL with local tools among its items: local items run here, the rest go
 * to the server as one smaller batch, both at the same time; results come back in the order of
 * the original items with counts recomputed over all of them. Returns undefined when no item is
 * local (the call then goes to the server unchanged).
 */
export async function routeMultiExecute(
  args: Record<string, unknown>,
  registry: LocalToolRegistry,
  runLocal: (entry: LocalEntry, args: Record<string, unknown>) => Promise<ExecuteResult>,
  runRemote: (args: Record<string, unknown>) => Promise<ExecuteResult>,
): Promise<ExecuteResult<MultiExecuteData> | undefined> {
  const items = args.tools;
  if (!Array.isArray(items) || items.length === 0 || registry.size === 0) return undefined;
  const typed = items as MultiExecuteItem[];
  const local = typed.map((item) => (typeof item?.tool_slug === 'string' ? registry.resolve(item.tool_slug) : undefined));
  if (local.every((e) => e === undefined)) return undefined;

  const remoteIndexes = typed.flatMap((_, i) => (local[i] ? [] : [i]));
  const localRuns = typed.map((item, i) => {
    const entry = local[i];
    return entry ? runLocal(entry, item.arguments ?? {}) : undefined;
  });
  const remoteRun = remoteIndexes.length > 0 ? runRemote({ ...args, tools: remoteIndexes.map((i) => typed[i]) }) : undefined;

  const [localResults, remote] = await Promise.all([
    Promise.all(localRuns),
    remoteRun?.then(
      (result) => ({ result }),
      (error: unknown) => ({ failure: describeFailure(error) }),
    ),
  ]);

  // Map each remote result back to its original position by its index within the remote batch.
  const remoteByPosition = new Map<number, MultiExecuteItemResult>();
  if (remote && 'result' in remote) {
    const remoteItems = (remote.result.data.results as RemoteItemResult[] | undefined) ?? [];
    remoteItems.forEach((r, k) => {
      const batchIndex = typeof r.index === 'number' ? r.index : k;
      const original = remoteIndexes[batchIndex];
      if (original === undefined) return;
      remoteByPosition.set(original, {
        tool_slug: typed[original]!.tool_slug,
        index: original,
        response: r.response ?? null,
        error: r.error ?? (r.response && r.response.successful === false ? (r.response.error ?? 'the tool failed') : null),
      });
    });
  }
  const remoteFallbackError = remote && 'failure' in remote ? remote.failure : (remote?.result.error ?? 'the server returned no result for this item');

  const results: MultiExecuteItemResult[] = typed.map((item, i) => {
    const localResult = localResults[i];
    if (localResult) {
      return {
        tool_slug: local[i]!.registered.slug,
        index: i,
        response: { successful: localResult.successful, data: localResult.data, error: localResult.error },
        error: localResult.error,
      };
    }
    return remoteByPosition.get(i) ?? { tool_slug: item.tool_slug, index: i, response: null, error: remoteFallbackError };
  });

  const errorCount = results.filter((r) => r.error !== null).length;
  const remoteExtras = remote && 'result' in remote ? remote.result.data : {};
  const { results: _r, total_count: _t, success_count: _s, error_count: _e, ...extras } = remoteExtras;
  return {
    data: { ...extras, results, total_count: results.length, success_count: results.length - errorCount, error_count: errorCount },
    error: errorCount > 0 ? `${errorCount} out of ${results.length} tools failed` : null,
    successful: errorCount === 0,
    logId: remote && 'result' in remote ? remote.result.logId : '',
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof ToolRouterApiError) return error.suggestedFix ? `${error.message}. ${error.suggestedFix}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
