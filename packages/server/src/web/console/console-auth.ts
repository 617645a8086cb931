import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProjectService } from '../../projects/project-service.js';
import type { ApiKeyRow, ProjectRow, Store } from '../../store/store.js';

/** How long a console sign-in lasts; signing in again starts a new one. */
export const CONSOLE_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The cookie holding the console session id. Scoped to /console, so the API never sees it. */
export const CONSOLE_COOKIE = 'tr_console';

/** Who is signed in to the console, resolved from the cookie on every request. */
export interface ConsoleIdentity {
  project: ProjectRow;
  apiKeyId: string;
  /** The per-session CSRF token every form posts back. */
  csrf: string;
  /** Digest of the session id: what the store knows the session by. */
  hash: string;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Console sign-ins. The browser holds a random session id in an HttpOnly cookie; the store holds
 * only its SHA-256 digest, tied to the API key used to sign in (revoking that key ends the
 * session, see the console_sessions repository). The API key itself is checked once, at sign-in,
 * and never kept by the browser or the server.
 */
export class ConsoleAuth {
  constructor(
    private readonly store: Store,
    private readonly projects: ProjectService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Checks the key and opens a session; undefined when the key is wrong or revoked. */
  async signIn(apiKey: string): Promise<{ sessionId: string; project: ProjectRow; key: ApiKeyRow } | undefined> {
    const found = await this.projects.authenticateKey(apiKey.trim());
    if (!found) return undefined;
    const at = this.now();
    // Expired rows have no use; clearing them here keeps the table at the size of live sign-ins.
    await this.store.consoleSessions.pruneExpired(at.toISOString());
    const sessionId = randomBytes(32).toString('base64url');
    await this.store.consoleSessions.create({
      hash: digest(sessionId),
      project_id: found.project.id,
      api_key_id: found.key.id,
      expires_at: new Date(at.getTime() + CONSOLE_SESSION_TTL_MS).toISOString(),
    });
    await this.store.apiKeys.touch(found.key.id, at.toISOString());
    return { sessionId, project: found.project, key: found.key };
  }

  /** The signed-in identity for a cookie value, or undefined (no cookie, expired, key revoked). */
  async resolve(sessionId: string | undefined): Promise<ConsoleIdentity | undefined> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return undefined;
    const hash = digest(sessionId);
    const row = await this.store.consoleSessions.findActive(hash, this.now().toISOString());
    if (!row) return undefined;
    const project = await this.store.projects.get(row.project_id);
    if (!project) return undefined;
    return { project, apiKeyId: row.api_key_id, csrf: csrfTokenFor(sessionId), hash };
  }

  signOut(identity: ConsoleIdentity): Promise<void> {
    return this.store.consoleSessions.delete(identity.hash);
  }
}

/**
 * The CSRF token of a session: derived from the secret session id (so nothing more is stored) by
 * a digest with its own label, so the token in a page never reveals the cookie's value.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`console-csrf:${sessionId}`).digest('base64url');
}

export function csrfMatches(expected: string, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
