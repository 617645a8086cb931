import type { ConnectionStatus } from '@toolrouter/core';

/** Store rows and repositories of the connections feature (auth configs, accounts, links, events). */

export interface AuthConfigRow {
  id: string;
  project_id: string;
  toolkit_slug: string;
  name: string;
  auth_scheme: string;
  is_managed: boolean;
  is_default: boolean;
  created_by: 'api' | 'router';
  status: 'ENABLED' | 'DISABLED';
  /** Non-secret settings: client id, scopes, endpoints, tool restrictions. */
  settings: Record<string, unknown>;
  /** Sealed secret settings (client secret); opened only by connections/. */
  sealed_secrets: string | null;
  created_at: string;
  updated_at: string;
}

export type AuthConfigChange = Partial<Pick<AuthConfigRow, 'name' | 'status' | 'settings' | 'sealed_secrets' | 'is_default'>>;

export interface AuthConfigRepo {
  /** Inserts; with `is_default` the toolkit's other configs stop being default, in one transaction. */
  create(row: Omit<AuthConfigRow, 'created_at' | 'updated_at'>): Promise<AuthConfigRow>;
  get(projectId: string, id: string): Promise<AuthConfigRow | undefined>;
  list(
    projectId: string,
    filter: { toolkit?: string; managed?: boolean; showDisabled?: boolean; offset: number; limit: number },
  ): Promise<{ items: AuthConfigRow[]; total: number }>;
  /** Every config of the project for the toolkit, default first, then oldest first. */
  forToolkit(projectId: string, toolkit: string): Promise<AuthConfigRow[]>;
  update(projectId: string, id: string, change: AuthConfigChange): Promise<AuthConfigRow | undefined>;
  /** Removes the config and, by cascade, its accounts. */
  delete(projectId: string, id: string): Promise<boolean>;
  /** Number of accounts per config id. */
  accountCounts(projectId: string, ids: readonly string[]): Promise<Map<string, number>>;
}

export interface AccountRow {
  id: string;
  project_id: string;
  user_id: string;
  toolkit_slug: string;
  auth_config_id: string;
  status: ConnectionStatus;
  status_reason: string | null;
  alias: string | null;
  is_disabled: boolean;
  sealed_credentials: string | null;
  public_state: Record<string, unknown>;
  expires_at: string | null;
  refresh_version: number;
  lease_owner: string | null;
  lease_until: string | null;
  connected_at: string | null;
  created_at: string;
  updated_at: string;
}

export type ConnectionEventType = 'created' | 'initiated' | 'activated' | 'refreshed' | 'refresh_failed' | 'expired' | 'failed' | 'deleted' | 'updated';

export interface ConnectionEventRow {
  id: string;
  project_id: string;
  account_id: string;
  user_id: string;
  toolkit_slug: string;
  type: ConnectionEventType;
  detail: string | null;
  created_at: string;
}

/** An event recorded in the same transaction as the change it describes. */
export interface EventInput {
  type: ConnectionEventType;
  detail?: string;
}

export interface AccountFilter {
  userIds?: string[];
  toolkits?: string[];
  authConfigIds?: string[];
  statuses?: string[];
  ids?: string[];
  orderBy?: 'created_at' | 'updated_at';
  direction?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface NewCredentials {
  sealed_credentials: string;
  public_state: Record<string, unknown>;
  expires_at: string | null;
}

export interface AccountRepo {
  create(row: Omit<AccountRow, 'created_at' | 'updated_at' | 'refresh_version' | 'lease_owner' | 'lease_until'>, event: EventInput): Promise<AccountRow>;
  get(projectId: string, id: string): Promise<AccountRow | undefined>;
  list(projectId: string, filter: AccountFilter): Promise<{ items: AccountRow[]; total: number }>;
  /** One user's accounts for one toolkit, most recently connected first. */
  forUser(projectId: string, userId: string, toolkit?: string): Promise<AccountRow[]>;
  /** Status, reason, alias, disabled flag or public state; records the event in the same transaction. */
  update(
    projectId: string,
    id: string,
    change: Partial<Pick<AccountRow, 'status' | 'status_reason' | 'alias' | 'is_disabled' | 'public_state'>>,
    event?: EventInput,
  ): Promise<AccountRow | undefined>;
  /** New credentials from a completed connect flow: ACTIVE, version bumped, lease cleared. */
  activate(projectId: string, id: string, creds: NewCredentials, event: EventInput): Promise<AccountRow | undefined>;
  /**
   * Takes the refresh lease when nobody holds a live one and the version is still `version`.
   * The database decides, so of several instances exactly one wins.
   */
  acquireLease(id: string, version: number, owner: string, until: string, now: string): Promise<boolean>;
  /** Writes refreshed credentials if `owner` still holds the lease; bumps the version. */
  completeRefresh(id: string, owner: string, creds: NewCredentials, event: EventInput): Promise<AccountRow | undefined>;
  /** Gives the lease up, optionally changing the status (e.g. EXPIRED after invalid_grant). */
  releaseLease(id: string, owner: string, change?: { status: AccountRow['status']; status_reason: string }, events?: EventInput | EventInput[]): Promise<void>;
  delete(projectId: string, id: string): Promise<AccountRow | undefined>;
  /** ACTIVE accounts (all projects) whose token expires before `before`; for the refresh sweep. */
  expiringBefore(before: string, limit: number): Promise<AccountRow[]>;
  events(projectId: string, accountId: string): Promise<ConnectionEventRow[]>;
}

export interface ConnectLinkRow {
  id: string;
  token_hash: string;
  project_id: string;
  account_id: string;
  session_id: string | null;
  callback_url: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface OAuthStateRow {
  state_hash: string;
  link_id: string;
  browser_hash: string;
  sealed_verifier: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ConnectLinkRepo {
  create(row: Omit<ConnectLinkRow, 'used_at' | 'created_at'>): Promise<ConnectLinkRow>;
  byTokenHash(hash: string): Promise<ConnectLinkRow | undefined>;
  get(id: string): Promise<ConnectLinkRow | undefined>;
  /** Marks the link used; false when it already was (the database lets one caller win). */
  markUsed(id: string, at: string): Promise<boolean>;
  addState(row: Omit<OAuthStateRow, 'used_at' | 'created_at'>): Promise<void>;
  state(hash: string): Promise<OAuthStateRow | undefined>;
  /** Consumes the state exactly once; false when it was already used. */
  consumeState(hash: string, at: string): Promise<boolean>;
  /** Unused links past their expiry whose account is still waiting (INITIATED) with no other open link. */
  expiredWaiting(now: string, limit: number): Promise<ConnectLinkRow[]>;
  /** Deletes OAuth states and links that expired before `before`; returns how many rows went. */
  prune(before: string): Promise<number>;
  /** Unused, unexpired links of the account. */
  liveCount(accountId: string, now: string): Promise<number>;
}

export interface VaultKeyRepo {
  /** Records the key id if no key is recorded yet; returns every recorded key id. */
  register(keyId: string): Promise<string[]>;
}
