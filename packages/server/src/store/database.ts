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
  execution_logs: ExecutionLogsTable;
  execution_results: ExecutionResultsTable;
  approval_requests: ApprovalRequestsTable;
  mcp_servers: McpServersTable;
  project_execution_settings: ProjectExecutionSettingsTable;
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

export interface ProjectExecutionSettingsTable {
  project_id: string;
  egress_allow: string;
  webhook_secret: string | null;
  updated_at: string;
}
