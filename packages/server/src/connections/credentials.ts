import type { Toolkit } from '@toolrouter/core';
import { ToolRouterError } from '@toolrouter/core';
import type { SessionRow } from '../store/store.js';

/**
 * The seam between connections and execution. Execution never sees how accounts are chosen,
 * sealed or refreshed; it asks the broker for credentials and applies them to one outbound call.
 */

/** How to authenticate one outbound call; secrets are plaintext here and must never be logged. */
export type AppliedAuth =
  | { mode: 'NO_AUTH' }
  /** OAuth2 access token or a static bearer token: `Authorization: Bearer <token>`. */
  | { mode: 'OAUTH2' | 'BEARER_TOKEN'; token: string }
  /** `value` already carries the scheme's prefix (e.g. `Token abc`). */
  | { mode: 'API_KEY'; in: 'header' | 'query' | 'cookie'; name: string; value: string }
  /** `secret_username`: the user name is itself a secret (an API key sent as one), so logs scrub it too. */
  | { mode: 'BASIC'; username: string; password: string; secret_username?: true }
  /**
   * Auth the caller sent with a classic call (`custom_auth_params`): headers and query values, and
   * fields merged into the request body when it has one. Every value counts as a secret.
   */
  | { mode: 'CUSTOM'; parameters: Array<{ in: 'header' | 'query'; name: string; value: string }>; body?: Record<string, unknown> };

export interface CallCredentials {
  /** The account the call runs as; null for toolkits that need no auth and for credentials the caller supplied. */
  connectedAccountId: string | null;
  auth: AppliedAuth;
  /** The account's tenant values (a Zendesk subdomain), substituted into the toolkit's base URL for the call. */
  tenant?: Record<string, string>;
  /** A base URL the caller supplied with its own credentials: it replaces the toolkit's for this call. */
  baseUrl?: string;
}

export interface CredentialRequest {
  projectId: string;
  session: SessionRow;
  toolkit: Toolkit;
  /** Account id or alias the caller named (multi-account sessions). */
  account?: string;
}

export interface CredentialBroker {
  /**
   * Picks the account for a call by the session's precedence and returns usable credentials,
   * refreshing first when the token is at or near expiry. Throws `NO_ACTIVE_CONNECTION` or
   * `ACCOUNT_SELECTION_REQUIRED` (listing the choices) when no single account can be used.
   */
  credentialsFor(request: CredentialRequest): Promise<CallCredentials>;
  /**
   * The provider rejected `rejected` with 401. Refreshes once (shared by concurrent callers) and
   * returns fresh credentials, or undefined when the account cannot be renewed (it is then EXPIRED).
   */
  renewAfterUnauthorized(projectId: string, rejected: CallCredentials): Promise<CallCredentials | undefined>;
}

/**
 * The broker before any account exists: toolkits that need no auth run as nobody, every other
 * toolkit reports that it is not connected.
 */
export const noAccountBroker: CredentialBroker = {
  async credentialsFor({ toolkit }) {
    if (toolkit.auth_schemes.every((s) => s.mode === 'NO_AUTH')) return { connectedAccountId: null, auth: { mode: 'NO_AUTH' } };
    throw new ToolRouterError('NO_ACTIVE_CONNECTION', `No active connected account for toolkit "${toolkit.slug}"`, {
      suggestedFix: `Connect ${toolkit.name} for this user (COMPOSIO_MANAGE_CONNECTIONS or POST …/link), then retry.`,
    });
  },
  async renewAfterUnauthorized() {
    return undefined;
  },
};
