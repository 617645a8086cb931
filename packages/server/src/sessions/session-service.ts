import { type SessionConfig, type SessionCreate, type SessionPatch, ToolRouterError } from '@toolrouter/core';
import { HotReads } from '../cache/hot-reads.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { CatalogView } from '../catalog/catalog-view.js';
import { newId } from '../ids.js';
import type { PublishedChange, SessionRow, Store } from '../store/store.js';
import { applyPatch, sameConfig } from './apply-patch.js';
import { type ValidatedConfig, validateSessionConfig } from './validate-config.js';

export interface LoadedSession {
  row: SessionRow;
  view: CatalogView;
}

/**
 * Session lifecycle. Holds no state of its own: everything lives in the store, so any server
 * instance can serve any session.
 */
export class SessionService {
  readonly #store: Store;
  readonly #catalog: CatalogService;
  readonly #hot: HotReads | undefined;

  constructor(store: Store, catalog: CatalogService, hot?: HotReads) {
    this.#store = store;
    this.#catalog = catalog;
    this.#hot = hot;
  }

  async create(projectId: string, body: SessionCreate): Promise<{ row: SessionRow } & ValidatedConfig> {
    const view = await this.#catalog.view(projectId);
    const validated = validateSessionConfig(view, body);
    const row = await this.#store.sessions.create({ id: newId('trs'), project_id: projectId, user_id: body.user_id, config: body });
    return { row, ...validated };
  }

  /** The session with the catalog view it is evaluated against; 404 when absent or deleted. */
  async load(projectId: string, sessionId: string): Promise<LoadedSession> {
    const [row, view] = await Promise.all([this.#store.sessions.get(projectId, sessionId), this.#catalog.view(projectId)]);
    if (!row) throw sessionNotFound(sessionId);
    return { row, view };
  }

  /**
   * `load` for the calls made inside a session (execute, search): the row comes from memory when
   * it can, so a change made through another instance is seen once the change feed delivers it (a
   * fraction of a second), and one made through this instance at once. Reads of the session
   * itself (GET, PATCH) use `load`, which always reads the store. The row is frozen: never modify it.
   */
  async loadForCall(projectId: string, sessionId: string): Promise<LoadedSession> {
    if (!this.#hot) return this.load(projectId, sessionId);
    const read = () => this.#store.sessions.get(projectId, sessionId);
    const [row, view] = await Promise.all([this.#hot.sessions.load(HotReads.sessionKey(projectId, sessionId), read), this.#catalog.viewForCall(projectId)]);
    if (!row) throw sessionNotFound(sessionId);
    // A toolkit imported through another instance a moment ago may already be in this session's
    // config while the change feed has not yet told this instance: then read the revision from the
    // store rather than run the call without that toolkit.
    if (row.config.toolkits?.enable?.some((slug) => !view.toolkit(slug))) return { row, view: await this.#catalog.view(projectId) };
    return { row, view };
  }

  /**
   * Applies a PATCH. Without `expected_config_version` the patch is applied to whatever version is
   * current when its turn comes (the store serialises concurrent updates of one session), so it
   * always lands; with it, the patch is refused unless that is still the current version.
   */
  async update(projectId: string, sessionId: string, patch: SessionPatch): Promise<{ row: SessionRow } & ValidatedConfig> {
    const view = await this.#catalog.view(projectId);
    let validated: ValidatedConfig | undefined;
    const result = await this.#store.sessions.updateWith(projectId, sessionId, (current) => {
      if (patch.expected_config_version !== undefined && patch.expected_config_version !== current.config_version) {
        throw versionConflict(sessionId, patch.expected_config_version, current.config_version);
      }
      const next: SessionConfig = applyPatch(current.config, patch);
      validated = validateSessionConfig(view, next);
      // Nothing would change (an empty body, or only the values already stored): answer the session
      // as it is rather than minting a version and a history entry identical to the current one.
      return sameConfig(next, current.config) ? undefined : next;
    });
    if (!result || !validated) throw sessionNotFound(sessionId);
    if (result.changed) await this.#announce({ kind: 'session_updated', project_id: projectId, session_id: sessionId });
    return { row: result.session, ...validated };
  }

  async delete(projectId: string, sessionId: string): Promise<void> {
    if (!(await this.#store.sessions.delete(projectId, sessionId))) throw sessionNotFound(sessionId);
    await this.#announce({ kind: 'session_deleted', project_id: projectId, session_id: sessionId });
  }

  /**
   * Tells open MCP streams on every instance. Best-effort by design: the change is committed, so
   * failing the request now would only invite a retry of something that already happened.
   */
  async #announce(change: PublishedChange & { session_id: string }): Promise<void> {
    this.#hot?.sessions.delete(HotReads.sessionKey(change.project_id, change.session_id));
    await this.#store.changes.publish(change).catch(() => undefined);
  }

  /** The project's live sessions, newest first; `userId` narrows to one user's. */
  async list(projectId: string, f: { userId?: string; offset: number; limit: number }) {
    return this.#store.sessions.list(projectId, f);
  }

  /**
   * The session a user worked in last: the one behind their latest execution that still exists,
   * else their newest session. Undefined when the user has no session at all.
   */
  async mostRecentlyUsed(projectId: string, userId: string): Promise<SessionRow | undefined> {
    const recent = await this.#store.executionLogs.list(projectId, { userId, offset: 0, limit: 50 });
    const tried = new Set<string>();
    for (const entry of recent.items) {
      if (!entry.session_id || tried.has(entry.session_id)) continue;
      tried.add(entry.session_id);
      const row = await this.#store.sessions.get(projectId, entry.session_id);
      if (row) return row;
    }
    return (await this.#store.sessions.list(projectId, { userId, offset: 0, limit: 1 })).items[0];
  }

  async history(projectId: string, sessionId: string, page: { offset: number; limit: number }) {
    const { row } = await this.load(projectId, sessionId);
    const result = await this.#store.sessions.history(projectId, sessionId, page);
    return { ...result, current: row.config_version };
  }
}

export function sessionNotFound(sessionId: string): ToolRouterError {
  return new ToolRouterError('SESSION_NOT_FOUND', `No session "${sessionId}" in this project`, {
    suggestedFix: 'Check the session id, and that the API key belongs to the project that created the session.',
  });
}

function versionConflict(sessionId: string, expected: number, actual: number): ToolRouterError {
  return new ToolRouterError('SESSION_VERSION_CONFLICT', `Session "${sessionId}" is at config_version ${actual}, not ${expected}`, {
    suggestedFix: 'Fetch the session again, re-apply your change to the current config, and retry.',
  });
}
