import { isToolRouterError, ProxyExecuteSchema } from '@toolrouter/core';
import { SESSION_DEFAULTS } from '../../sessions/render-session.js';
import type { LoadedSession } from '../../sessions/session-service.js';
import type { CallHandler } from '../../workbench/kernel.js';
import type { WorkbenchAnswer, WorkbenchService } from '../../workbench/workbench-service.js';
import type { ProxyService } from '../proxy.js';

/** Runs one tool for code in the workbench, through the same pipeline as any other call of the session. */
export type WorkbenchToolCall = (
  slug: string,
  args: Record<string, unknown>,
  account: string | undefined,
) => Promise<{ data: Record<string, unknown>; error: string | null; log_id: string }>;

export interface WorkbenchToolDeps {
  workbench: WorkbenchService;
  proxy: ProxyService;
  runTool: WorkbenchToolCall;
}

const WORKBENCH_SLUGS = new Set(['COMPOSIO_REMOTE_WORKBENCH', 'COMPOSIO_REMOTE_BASH_TOOL']);

/** COMPOSIO_REMOTE_WORKBENCH and COMPOSIO_REMOTE_BASH_TOOL for one session. */
export async function remoteWorkbench(
  deps: WorkbenchToolDeps,
  input: { projectId: string; loaded: LoadedSession; slug: 'COMPOSIO_REMOTE_WORKBENCH' | 'COMPOSIO_REMOTE_BASH_TOOL'; args: Record<string, unknown> },
): Promise<WorkbenchAnswer> {
  const { projectId, loaded, slug, args } = input;
  const target = { projectId, sessionId: loaded.row.id, size: loaded.row.config.workbench?.sandbox_size ?? SESSION_DEFAULTS.sandboxSize };
  const onCall = callHandler(deps, projectId, loaded);
  const answer =
    slug === 'COMPOSIO_REMOTE_WORKBENCH'
      ? await deps.workbench.runCode(target, String(args['code_to_execute']), onCall)
      : await deps.workbench.runBash(target, String(args['command']), onCall);
  const sessionId = args['session_id'];
  if (typeof sessionId === 'string' && sessionId) {
    answer.data['session'] = { id: sessionId, instructions: 'Pass this session_id to the next meta-tool call of this workflow.' };
  }
  return answer;
}

/** What run_composio_tool and proxy_execute inside the kernel reach. */
function callHandler(deps: WorkbenchToolDeps, projectId: string, loaded: LoadedSession): CallHandler {
  return async (kind, payload) => {
    try {
      if (kind === 'tool') return await runTool(deps, payload);
      if (kind === 'proxy') return await proxy(deps, projectId, loaded, payload);
      return { data: null, error: `unknown call "${kind}"` };
    } catch (error) {
      if (!isToolRouterError(error)) throw error;
      return { data: null, error: `${error.message}.${error.suggestedFix ? ` ${error.suggestedFix}` : ''}`, successful: false };
    }
  };
}

async function runTool(deps: WorkbenchToolDeps, payload: Record<string, unknown>) {
  const slug = typeof payload['tool_slug'] === 'string' ? payload['tool_slug'].trim().toUpperCase() : '';
  if (!slug) return { data: null, error: 'run_composio_tool needs a tool slug', successful: false };
  if (WORKBENCH_SLUGS.has(slug))
    return { data: null, error: `${slug} cannot be called from inside the workbench; run the code or command directly.`, successful: false };
  const args = payload['arguments'];
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    return { data: null, error: 'run_composio_tool arguments must be a dict', successful: false };
  }
  const account = typeof payload['account'] === 'string' ? payload['account'] : undefined;
  const result = await deps.runTool(slug, (args ?? {}) as Record<string, unknown>, account);
  return { data: result.data, error: result.error, successful: result.error === null, log_id: result.log_id };
}

async function proxy(deps: WorkbenchToolDeps, projectId: string, loaded: LoadedSession, payload: Record<string, unknown>) {
  if (loaded.row.config.workbench?.enable_proxy_execution === false) {
    return { data: null, error: 'proxy_execute is turned off for this session (workbench.enable_proxy_execution is false).' };
  }
  const parsed = ProxyExecuteSchema.safeParse(payload);
  if (!parsed.success) {
    return { data: null, error: `Invalid proxy_execute call: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(call)'}: ${i.message}`).join('; ')}` };
  }
  const res = await deps.proxy.execute(projectId, loaded.row.id, parsed.data);
  return {
    data: { status: res.status, data: res.data, headers: res.headers },
    error: res.status >= 400 ? `The API answered HTTP ${res.status}` : null,
    log_id: res.log_id,
  };
}
