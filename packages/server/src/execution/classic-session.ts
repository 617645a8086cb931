import type { SessionConfig } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';
import type { LoadedSession } from '../sessions/session-service.js';

/**
 * The classic tools API (`POST /tools/execute/{slug}`, `/tools/execute/proxy`) runs app tools for
 * a user without any session. The tool pipeline is written against a session, so such a call runs
 * in a stand-in: the user's own accounts, every toolkit of the project, no permissions of its own.
 * Its id is empty, which the pipeline records as "no session" in the execution log.
 */
const CLASSIC_SESSION_ID = '';

export function classicSession(projectId: string, userId: string, view: CatalogView, config: Partial<SessionConfig> = {}): LoadedSession {
  const at = new Date(0).toISOString();
  return {
    row: {
      id: CLASSIC_SESSION_ID,
      project_id: projectId,
      user_id: userId,
      config: { ...config, user_id: userId } as SessionConfig,
      config_version: 0,
      created_at: at,
      updated_at: at,
    },
    view,
  };
}

/** The session id an execution log records: null for a classic (session-less) call. */
export function loggedSessionId(session: { id: string }): string | null {
  return session.id === CLASSIC_SESSION_ID ? null : session.id;
}
