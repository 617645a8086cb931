import type { Generated } from 'kysely';

/**
 * Row shapes as stored, shared by SQLite and PostgreSQL. JSON documents are kept as text and
 * timestamps as ISO-8601 UTC text, so both dialects store and return exactly the same values.
 */
export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  toolkits: ToolkitsTable;
  tools: ToolsTable;
  sessions: SessionsTable;
  session_configs: SessionConfigsTable;
  search_log: SearchLogTable;
  search_usage: SearchUsageTable;
  change_events: ChangeEventsTable;
  mcp_tokens: McpTokensTable;
  execution_logs: ExecutionLogsTable;
  execution_results: ExecutionResultsTable;
  approval_requests: ApprovalRequestsTable;
  mcp_servers: McpServersTable;
  project_execution_settings: ProjectExecutionSettingsTable;
  auth_configs: AuthConfigsTable;
  connected_accounts: ConnectedAccountsTable;
  connect_links: ConnectLinksTable;
  oauth_states: OAuthStatesTable;
  connection_events: ConnectionEventsTable;
  vault_keys: VaultKeysTable;
  disabled_toolkits: DisabledToolkitsTable;
  console_sessions: ConsoleSessionsTable;
}

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: string;
  catalog_revision: Generated<number>;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  name: string;
  prefix: string;
  /** SHA-256 hex of the key. */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ToolkitsTable {
  project_id: string;
  slug: string;
  /** JSON of the `Toolkit`. */
  data: string;
  tool_count: number;
  created_at: string;
  updated_at: string;
}

/** A catalog toolkit the operator turned off for one project (absent row = on). */
export interface DisabledToolkitsTable {
  project_id: string;
  slug: string;
  disabled_at: string;
}

export interface ToolsTable {
  project_id: string;
  slug: string;
  toolkit_slug: string;
  /** JSON of the `Tool`. */
  data: string;
}

export interface SessionsTable {
  id: string;
  project_id: string;
  user_id: string;
  /** JSON of the current `SessionConfig`. */
  config: string;
  config_version: number;
  created_at: string;
  updated_at: string;
  /** Set by the soft delete; such sessions are invisible to every read. */
  deleted_at: string | null;
}

export interface SessionConfigsTable {
  session_id: string;
  version: number;
  config: string;
  created_at: string;
}

export interface SearchLogTable {
  id: string;
  /** Groups the queries of one search call. */
  request_id: string;
  project_id: string;
  session_id: string | null;
  query: string;
  /** JSON array of the returned tool slugs, best first. */
  slugs: string;
  latency_ms: number;
  created_at: string;
}

export interface SearchUsageTable {
  project_id: string;
  tool_slug: string;
  query: string;
  count: number;
  last_used_at: string;
}

export interface ChangeEventsTable {
  seq: number;
  /** JSON of the `ChangeEvent`. */
  payload: string;
  created_at: string;
}

export interface McpTokensTable {
  id: string;
  project_id: string;
  session_id: string;
  name: string;
  prefix: string;
  /** SHA-256 hex of the token. */
  hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** The API key that issued the token; null for tokens issued before keys were recorded. */
  api_key_id: string | null;
}

export interface ExecutionLogsTable {
  id: string;
  project_id: string;
  session_id: string | null;
  user_id: string | null;
  tool_slug: string;
  toolkit: string | null;
  connected_account_id: string | null;
  status: string;
  duration_ms: number;
  error: string | null;
  /** JSON, redacted and truncated. */
  arguments: string;
  result: string | null;
  parent_id: string | null;
  created_at: string;
}

export interface ExecutionResultsTable {
  id: string;
  project_id: string;
  session_id: string;
  log_id: string;
  content: string;
  size: number;
  created_at: string;
}

export interface ApprovalRequestsTable {
  id: string;
  project_id: string;
  session_id: string;
  tool_slug: string;
  account_key: string;
  args_hash: string;
  arguments: string;
  rule: string;
  status: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  used_at: string | null;
}

export interface McpServersTable {
  project_id: string;
  slug: string;
  name: string;
  transport: string;
  public_config: string;
  sealed_secrets: string | null;
  timeout_ms: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AuthConfigsTable {
  id: string;
  project_id: string;
  toolkit_slug: string;
  name: string;
  auth_scheme: string;
  /** 0/1: uses the operator's managed app. */
  is_managed: number;
  /** 0/1: the config used for the toolkit when a session names none. */
  is_default: number;
  /** `api` (created by a caller) or `router` (created on demand for a session). */
  created_by: string;
  status: string;
  /** JSON of the non-secret settings (client id, scopes, endpoints). */
  settings: string;
  /** Sealed JSON of the secret settings (client secret). */
  sealed_secrets: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectExecutionSettingsTable {
  project_id: string;
  egress_allow: string;
  webhook_secret: string | null;
  updated_at: string;
}

export interface ConnectedAccountsTable {
  id: string;
  project_id: string;
  user_id: string;
  toolkit_slug: string;
  auth_config_id: string;
  status: string;
  status_reason: string | null;
  alias: string | null;
  is_disabled: number;
  /** Sealed JSON of the credentials (tokens, keys, passwords). */
  sealed_credentials: string | null;
  /** JSON of what may be shown: masked values, scopes, token type. */
  public_state: string;
  expires_at: string | null;
  refresh_version: number;
  lease_owner: string | null;
  lease_until: string | null;
  connected_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConnectLinksTable {
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

export interface OAuthStatesTable {
  state_hash: string;
  link_id: string;
  browser_hash: string;
  sealed_verifier: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ConnectionEventsTable {
  id: string;
  project_id: string;
  account_id: string;
  user_id: string;
  toolkit_slug: string;
  type: string;
  detail: string | null;
  created_at: string;
}

export interface VaultKeysTable {
  key_id: string;
  created_at: string;
}

export interface ConsoleSessionsTable {
  /** SHA-256 hex of the session id held in the browser's cookie. */
  hash: string;
  project_id: string;
  api_key_id: string;
  created_at: string;
  expires_at: string;
}
