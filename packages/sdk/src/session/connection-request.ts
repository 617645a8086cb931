import { ConnectionRequestFailedError, ConnectionRequestTimeoutError } from '../errors/sdk-error.js';
import type { HttpClient } from '../http/http-client.js';
import type { WireConnectedAccount, WireLinkResponse } from './wire-types.js';

export interface ConnectedAccount {
  id: string;
  status: string;
  statusReason: string | null;
  alias: string | null;
  userId: string | undefined;
  toolkit: string | undefined;
  authConfig: { id: string; authScheme?: string } | undefined;
  isDisabled: boolean;
  createdAt: string | undefined;
  updatedAt: string | undefined;
}

export interface AuthorizeOptions {
  /** Where the end user lands after connecting. */
  callbackUrl?: string;
  /** A name for this account, to tell several accounts of one toolkit apart (e.g. "work"). */
  alias?: string;
}

/** States a connection never leaves. */
const TERMINAL = new Set(['FAILED', 'EXPIRED', 'REVOKED']);

export function connectedAccountFrom(w: WireConnectedAccount): ConnectedAccount {
  return {
    id: w.id,
    status: w.status,
    statusReason: w.status_reason ?? null,
    alias: w.alias ?? null,
    userId: w.user_id,
    toolkit: w.toolkit?.slug,
    authConfig: w.auth_config ? { id: w.auth_config.id, ...(w.auth_config.auth_scheme ? { authScheme: w.auth_config.auth_scheme } : {}) } : undefined,
    isDisabled: w.is_disabled === true,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

/** A Connect Link handed out by `session.authorize`: send the user to `redirectUrl`, then wait. */
export class ConnectionRequest {
  /** Id of the connected account being set up (`ca_…`). */
  readonly id: string;
  readonly status = 'INITIATED' as const;
  readonly redirectUrl: string;
  readonly linkToken: string | undefined;
  readonly expiresAt: string | undefined;
  readonly #http: HttpClient;

  constructor(http: HttpClient, wire: WireLinkResponse) {
    this.#http = http;
    this.id = wire.connected_account_id;
    this.redirectUrl = wire.redirect_url;
    this.linkToken = wire.link_token;
    this.expiresAt = wire.expires_at;
  }

  /**
   * Polls the account until it is ACTIVE and returns it. Throws ConnectionRequestFailedError when
   * it ends FAILED, EXPIRED or REVOKED, and ConnectionRequestTimeoutError after `timeoutMs`.
   */
  async waitForConnection(timeoutMs = 60_000, options: { pollIntervalMs?: number } = {}): Promise<ConnectedAccount> {
    const interval = options.pollIntervalMs ?? 1_000;
    const deadline = Date.now() + timeoutMs;
    let last: string | undefined;
    for (;;) {
      const account = connectedAccountFrom(
        await this.#http.request<WireConnectedAccount>({ method: 'GET', path: `/api/v3.1/connected_accounts/${encodeURIComponent(this.id)}` }),
      );
      last = account.status;
      if (account.status === 'ACTIVE') return account;
      if (TERMINAL.has(account.status)) throw new ConnectionRequestFailedError(this.id, account.status, account.statusReason);
      const left = deadline - Date.now();
      if (left <= 0) throw new ConnectionRequestTimeoutError(this.id, last, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    }
  }
}
