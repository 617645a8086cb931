import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogView } from '../catalog/catalog-view.js';
import { DEFAULT_ORIGIN } from '../connections/link-origin.js';
import type { LoadedSession } from '../sessions/session-service.js';
import { sessionToolItems } from '../sessions/session-tools.js';
import { mcpToolFrom } from './tool-mapping.js';

/** Sessions whose MCP state is kept; the least recently used is dropped beyond this. */
export const SESSION_STATES_CAPACITY = 1_000;

/** What a session exposes over MCP, as of one config version and one catalog revision. */
export interface McpSessionState {
  projectId: string;
  sessionId: string;
  configVersion: number;
  view: CatalogView;
  /** tools/list, already mapped to MCP's shape. */
  tools: readonly McpTool[];
}

/**
 * The per-session MCP state of this process, so a request does not rebuild the tool list (for a
 * session with `preload.tools: "all"`, every allowed tool mapped anew) on every call.
 *
 * It stays correct across instances because it is never trusted on its own: every request loads
 * the session row and the catalog view from the store first (as before), and an entry is used only
 * if it was built from that same config version and that same view object — the catalog service
 * hands out one view per catalog revision, so an import or a toolkit switched off anywhere yields a
 * new view. A PATCH made through another instance bumps the version the next request reads, and the
 * entry is rebuilt. What else a session's list could depend on was checked: the user's connections
 * change the tools' status, not the list (sessionToolItems reads only the config and the view).
 *
 * Entries are keyed by project and session, and built only from a row the store returned for the
 * project the request was authenticated for, so one session's state cannot answer for another.
 */
export class McpSessionStates {
  readonly #capacity: number;
  readonly #entries = new Map<string, McpSessionState>();

  constructor(capacity = SESSION_STATES_CAPACITY) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  of(loaded: LoadedSession): McpSessionState {
    const { row, view } = loaded;
    const key = `${row.project_id}\u0000${row.id}`;
    const cached = this.#entries.get(key);
    this.#entries.delete(key);
    const state =
      cached && cached.configVersion === row.config_version && cached.view === view
        ? cached
        : {
            projectId: row.project_id,
            sessionId: row.id,
            configVersion: row.config_version,
            view,
            // MCP tool definitions carry no logo, so no request's origin is needed here.
            tools: Object.freeze(sessionToolItems(view, row.config, DEFAULT_ORIGIN).map(mcpToolFrom)),
          };
    // Re-inserted at the end: a Map iterates in insertion order, so the first key is the least recently used.
    this.#entries.set(key, state);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return state;
  }
}
