import type { CuratedSandbox } from '../catalog/curated/functions/index.js';
import type { BackendCall } from '../execution/backends/backend.js';
import { SESSION_DEFAULTS } from '../sessions/render-session.js';
import type { CallHandler } from './kernel.js';
import type { WorkbenchService } from './workbench-service.js';

/** Code run by curated tools (codeinterpreter) computes; it does not reach back into the router. */
const NO_CALLS: CallHandler = async () => ({ data: null, error: 'tools cannot be called from a code interpreter run; use COMPOSIO_REMOTE_WORKBENCH for that' });

/**
 * The calling session's workbench kernel for curated functions: the same sandbox, files
 * (/mnt/files) and limits as COMPOSIO_REMOTE_WORKBENCH, so state and files carry over between the
 * two, but without the run_composio_tool / proxy_execute helpers.
 */
export function sessionSandbox(workbench: WorkbenchService, call: BackendCall): CuratedSandbox {
  const target = {
    projectId: call.projectId,
    sessionId: call.session.id,
    size: call.session.config.workbench?.sandbox_size ?? SESSION_DEFAULTS.sandboxSize,
  };
  return {
    id: call.session.id.slice(-6),
    runCode: (code) => workbench.runCode(target, code, NO_CALLS),
    runBash: (command) => workbench.runBash(target, command, NO_CALLS),
  };
}
