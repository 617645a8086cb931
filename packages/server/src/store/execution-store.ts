/**
 * The execution part of the `Store` seam: execution logs, offloaded results, approval requests,
 * registered upstream MCP servers and per-project execution settings. Every method is scoped by
 * project id. Timestamps are ISO-8601 UTC strings.
 */

export type ExecutionStatus = 'success' | 'error' | 'denied' | 'approval_required';

export interface ExecutionLogEntry {
  id: string;
  project_id: string;
  session_id: string | null;
  user_id: string | null;
  tool_slug: string;
  toolkit: string | null;
  connected_account_id: string | null;
  status: ExecutionStatus;
  duration_ms: number;
  error: string | null;
  /** Redacted and truncated before they reach the store. */
  arguments: unknown;
  result: unknown;
  parent_id: string | null;
  created_at: string;
}

export interface ExecutionLogFilter {
  sessionId?: string;
  userId?: string;
  toolSlug?: string;
  toolkit?: string;
  status?: ExecutionStatus;
  parentId?: string;
  since?: string;
  until?: string;
  offset: number;
  limit: number;
}

export interface ExecutionLogRepo {
  append(entries: readonly ExecutionLogEntry[]): Promise<void>;
  get(projectId: string, id: string): Promise<ExecutionLogEntry | undefined>;
  /** Newest first. */
  list(projectId: string, filter: ExecutionLogFilter): Promise<{ items: ExecutionLogEntry[]; total: number }>;
}

export interface StoredResult {
  id: string;
  project_id: string;
  session_id: string;
  log_id: string;
  content: string;
  size: number;
  created_at: string;
}

export interface ResultRepo {
  put(result: StoredResult): Promise<void>;
  get(projectId: string, id: string): Promise<StoredResult | undefined>;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used' | 'expired';

export interface ApprovalBinding {
  session_id: string;
  tool_slug: string;
  /** Connected account id, or `__none__`. */
  account_key: string;
  args_hash: string;
}

export interface ApprovalRow extends ApprovalBinding {
  id: string;
  project_id: string;
  arguments: unknown;
  rule: 'ask_once' | 'ask_always';
  /** `expired` is computed on read for pending requests past `expires_at`. */
  status: ApprovalStatus;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  used_at: string | null;
}

export interface ApprovalRepo {
  create(row: Omit<ApprovalRow, 'status' | 'decided_at' | 'used_at'>): Promise<ApprovalRow>;
  get(projectId: string, id: string, at: string): Promise<ApprovalRow | undefined>;
  list(
    projectId: string,
    filter: { sessionId?: string; status?: ApprovalStatus; offset: number; limit: number },
    at: string,
  ): Promise<{ items: ApprovalRow[]; total: number }>;
  /** pending → approved / denied, only while pending and unexpired; returns the row either way. */
  decide(projectId: string, id: string, decision: 'approved' | 'denied', at: string): Promise<{ ok: boolean; row: ApprovalRow | undefined }>;
  /** Marks one approved, unexpired request with exactly this binding as used; single-use under concurrency. */
  consume(projectId: string, binding: ApprovalBinding, at: string): Promise<ApprovalRow | undefined>;
  /** An unexpired pending request with this binding, to hand out again instead of piling up duplicates. */
  findPending(projectId: string, binding: ApprovalBinding, at: string): Promise<ApprovalRow | undefined>;
  /** Whether an `ask_once` request for this session, tool and account was approved (used or not). */
  hasOnceGrant(projectId: string, sessionId: string, toolSlug: string, accountKey: string): Promise<boolean>;
}

export interface McpServerRow {
  project_id: string;
  slug: string;
  name: string;
  transport: 'stdio' | 'http';
  /** Non-secret settings: command and args, or url; names of env vars / headers. */
  public_config: McpServerPublicConfig;
  /** env or headers values, sealed by the secret box; null when there are none. */
  sealed_secrets: string | null;
  timeout_ms: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export type McpServerPublicConfig =
  | { transport: 'stdio'; command: string; args: string[]; env_names: string[] }
  | { transport: 'http'; url: string; header_names: string[] };

export interface McpServerRepo {
  /** Inserts, or replaces and bumps `version`; returns the stored row. */
  put(row: Omit<McpServerRow, 'version' | 'created_at' | 'updated_at'>): Promise<McpServerRow>;
  get(projectId: string, slug: string): Promise<McpServerRow | undefined>;
  list(projectId: string): Promise<McpServerRow[]>;
  delete(projectId: string, slug: string): Promise<boolean>;
}

export interface ProjectExecutionSettings {
  egress_allow: string[];
  /** Sealed webhook signing secret, or null before one was created. */
  webhook_secret: string | null;
}

export interface ProjectSettingsRepo {
  get(projectId: string): Promise<ProjectExecutionSettings>;
  setEgressAllow(projectId: string, entries: readonly string[]): Promise<void>;
  /** Stores the sealed secret only if none exists yet (unless `replace`); returns the one in force. */
  setWebhookSecret(projectId: string, sealed: string, replace: boolean): Promise<string>;
}
