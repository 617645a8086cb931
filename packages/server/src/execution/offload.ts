import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export const PREVIEW_CHARS = 1_500;

/**
 * Results larger than the session's `workbench.auto_offload_threshold` (in characters of JSON) are
 * stored and replaced by a handle and a preview, so one big response cannot flood the model's
 * context. The full result stays retrievable over REST (and by the workbench).
 */
export async function offloadIfLarge(
  store: Store,
  at: Date,
  input: { projectId: string; sessionId: string; logId: string; data: Record<string, unknown>; threshold: number },
): Promise<Record<string, unknown>> {
  const json = JSON.stringify(input.data);
  if (json.length <= input.threshold) return input.data;
  const handle = `res_${randomBytes(12).toString('base64url')}`;
  await store.results.put({
    id: handle,
    project_id: input.projectId,
    session_id: input.sessionId,
    log_id: input.logId,
    content: json,
    size: json.length,
    created_at: at.toISOString(),
  });
  return {
    offloaded: true,
    result_handle: handle,
    size_chars: json.length,
    preview: json.slice(0, PREVIEW_CHARS),
    message:
      `The result is ${json.length} characters, more than this session's limit of ${input.threshold}, so it was stored. ` +
      `The preview shows the start; fetch the whole result with GET /api/v3.1/tool_router/session/${input.sessionId}/results/${handle}.`,
  };
}
