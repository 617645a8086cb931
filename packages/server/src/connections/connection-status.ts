import type { Toolkit } from '@toolrouter/core';

/** What search results and toolkit listings say about a user's connection to one toolkit. */
export interface ToolkitConnectionState {
  toolkit: string;
  /** True when tools of the toolkit can run now: an active account, or no auth needed. */
  has_active_connection: boolean;
  needs_auth: boolean;
  status_message: string;
  /** ACTIVE, EXPIRED, … of the account shown; NOT_CONNECTED or NO_AUTH when there is none. */
  status?: string;
  /** The account the state describes: the one in use, else the most recent. */
  account?: ConnectionBrief;
  /** Every account of the user for the toolkit, most recently connected first. */
  accounts?: ConnectionBrief[];
}

export interface ConnectionBrief {
  id: string;
  status: string;
  alias: string | null;
  status_reason: string | null;
  created_at: string;
  auth_config_id: string;
}

/**
 * The seam through which search and listings learn connection state. Connected accounts plug in
 * here; until a toolkit has an account for the user, it is reported as not connected.
 */
export interface ConnectionStatusSource {
  states(projectId: string, userId: string, toolkits: readonly Toolkit[]): Promise<Map<string, ToolkitConnectionState>>;
}

export const noAccountsYet: ConnectionStatusSource = {
  async states(_projectId, _userId, toolkits) {
    return new Map(
      toolkits.map((tk) => {
        const needsAuth = tk.auth_schemes.some((s) => s.mode !== 'NO_AUTH');
        return [
          tk.slug,
          {
            toolkit: tk.slug,
            has_active_connection: !needsAuth,
            needs_auth: needsAuth,
            status_message: needsAuth
              ? `${tk.name} is not connected for this user yet; connect it with COMPOSIO_MANAGE_CONNECTIONS before running its tools.`
              : `${tk.name} needs no connection.`,
          },
        ];
      }),
    );
  },
};
