import type { SessionConfig, Tool, Toolkit } from '@toolrouter/core';
import type { ChangeFeed } from './changes/change-feed.js';

export type { AccountChange, ChangeEvent, ChangeFeed, ChangeSubscription, PublishedChange } from './changes/change-feed.js';

import type { ApprovalRepo, ExecutionLogRepo, McpServerRepo, ProjectSettingsRepo, ResultRepo } from './execution-store.js';

export type * from './execution-store.js';

import type { AccountRepo, AuthConfigRepo, ConnectLinkRepo, VaultKeyRepo } from './connection-types.js';

export type * from './connection-types.js';

/**
 * The persistence seam. Two implementations (SQLite and PostgreSQL) share one Kysely-based code
 * path and pass one contract suite (`store.contract.ts`). Every method is scoped by project id
 * where data belongs to a project, so no caller can read across projects by accident.
 *
 * All timestamps are ISO-8601 strings in UTC.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly projects: ProjectRepo;
  readonly apiKeys: ApiKeyRepo;
  readonly toolkits: ToolkitRepo;
  readonly sessions: SessionRepo;
  readonly search: SearchRepo;
  readonly mcpTokens: McpTokenRepo;
  /** Tells every server instance on this database what changed (sessions, connected accounts, MCP replies). */
  readonly changes: ChangeFeed;
  readonly executionLogs: ExecutionLogRepo;
  readonly results: ResultRepo;
  readonly approvals: ApprovalRepo;
  readonly mcpServers: McpServerRepo;
  readonly projectSettings: ProjectSettingsRepo;
  readonly authConfigs: AuthConfigRepo;
  readonly accounts: AccountRepo;
  readonly connectLinks: ConnectLinkRepo;
  readonly vaultKeys: VaultKeyRepo;
  /** Web console sign-ins (see web/console/console-auth.ts). */
  readonly consoleSessions: ConsoleSessionRepo;
  /** Run pending migrations. Idempotent; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface ProjectRow {
  id: string;
  name: string;
  created_at: string;
  /** Increases whenever the project's imported catalog changes; caches compare it. */
  catalog_revision: number;
}

export interface ProjectRepo {
  create(project: { id: string; name: string }): Promise<ProjectRow>;
  get(id: string): Promise<ProjectRow | undefined>;
  list(): Promise<ProjectRow[]>;
  count(): Promise<number>;
}

export interface ApiKeyRow {
  id: string;
  project_id: string;
  name: string;
  /** First characters of the key, shown so people can tell keys apart. Never the whole key. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ApiKeyRepo {
  /** `hash` is the SHA-256 hex digest of the key; the key itself is never stored. */
  create(key: { id: string; project_id: string; name: string; prefix: string; hash: string }): Promise<ApiKeyRow>;
  /** Active (not revoked) key with this hash. */
  findActiveByHash(hash: string): Promise<ApiKeyRow | undefined>;
  list(projectId?: string): Promise<ApiKeyRow[]>;
  /**
   * Revokes by id, with the MCP URL tokens it issued (and the project's tokens whose issuing key
   * was not recorded), in one transaction; returns the row, or undefined when no such key exists.
   * Revoking twice is a no-op.
   */
  revoke(id: string): Promise<ApiKeyRow | undefined>;
  touch(id: string, at: string): Promise<void>;
}

export interface StoredToolkit {
  project_id: string;
  toolkit: Toolkit;
  tool_count: number;
  created_at: string;
  updated_at: string;
}

export interface ToolkitRepo {
  /**
   * Insert or atomically replace a project's toolkit and all its tools (old tools are removed),
   * and bump the project's catalog revision, in one transaction.
   */
  put(projectId: string, toolkit: Toolkit, tools: Tool[]): Promise<StoredToolkit>;
  get(projectId: string, slug: string): Promise<StoredToolkit | undefined>;
  list(projectId: string): Promise<StoredToolkit[]>;
  /** Every tool of every imported toolkit of the project. */
  listTools(projectId: string): Promise<Tool[]>;
  /** Removes the toolkit, its tools and its on/off switch; bumps the catalog revision. Returns false if absent. */
  delete(projectId: string, slug: string): Promise<boolean>;
  /** The project's current catalog revision (cheap; used to validate caches). */
  revision(projectId: string): Promise<number>;
  /**
   * Turns a toolkit (built-in or imported; the caller checks it exists) off or back on for the
   * project and bumps the catalog revision so every instance rebuilds its view. Returns false when
   * it was already in that state (nothing written); throws for an unknown project.
   */
  setEnabled(projectId: string, slug: string, enabled: boolean): Promise<boolean>;
  /** Slugs of the toolkits turned off for the project, sorted. */
  listDisabled(projectId: string): Promise<string[]>;
}

export interface SessionRow {
  id: string;
  project_id: string;
  user_id: string;
  config: SessionConfig;
  config_version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionConfigVersion {
  version: number;
  config: SessionConfig;
  created_at: string;
}

export type SessionUpdateResult =
  | { ok: true; session: SessionRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version_conflict'; current_version: number };

export interface SessionRepo {
  /** Stores the session at config_version 1 and records version 1 in its history. */
  create(session: { id: string; project_id: string; user_id: string; config: SessionConfig }): Promise<SessionRow>;
  /** undefined when absent, deleted, or owned by another project. */
  get(projectId: string, id: string): Promise<SessionRow | undefined>;
  /**
   * Replaces the config if the stored version equals `expectedVersion`, incrementing the version and
   * appending the new config to the history, in one transaction.
   */
  update(projectId: string, id: string, expectedVersion: number, config: SessionConfig): Promise<SessionUpdateResult>;
  /**
   * Read-modify-write without lost updates or spurious conflicts: in one transaction, locks the
   * session row, hands the current row to `next`, and stores what it returns as the next version
   * (undefined: leave the session as it is). Concurrent callers queue on the lock, so each sees the
   * previous one's result. Whatever `next` throws aborts the transaction and is rethrown.
   * undefined when the session is absent, deleted, or owned by another project.
   */
  updateWith(
    projectId: string,
    id: string,
    next: (current: SessionRow) => SessionConfig | undefined,
  ): Promise<{ session: SessionRow; changed: boolean } | undefined>;
  /** Marks the session deleted; false if it was absent or already deleted. */
  delete(projectId: string, id: string): Promise<boolean>;
  /** Live sessions of the project, newest first, optionally one user's (the session list API and the web console). */
  list(projectId: string, filter: { userId?: string; offset: number; limit: number }): Promise<{ items: SessionRow[]; total: number }>;
  /** Config history, newest first. */
  history(projectId: string, id: string, page: { offset: number; limit: number }): Promise<{ items: SessionConfigVersion[]; total: number }>;
}

export interface SearchLogEntry {
  id: string;
  request_id: string;
  project_id: string;
  session_id: string | null;
  query: string;
  slugs: string[];
  latency_ms: number;
  created_at: string;
}

export interface SearchUsageRow {
  tool_slug: string;
  query: string;
  count: number;
  last_used_at: string;
}

/** Search log (observability) and usage pairs (learning from use). Always scoped by project. */
export interface SearchRepo {
  log(entries: readonly SearchLogEntry[]): Promise<void>;
  /** The session's searches since `since`, newest first. */
  recentForSession(projectId: string, sessionId: string, since: string): Promise<SearchLogEntry[]>;
  /** Newest first, optionally one session's; for observability. */
  listLog(projectId: string, filter: { sessionId?: string; offset: number; limit: number }): Promise<{ items: SearchLogEntry[]; total: number }>;
  /** Counts one more execution of `toolSlug` after `query`. */
  recordUsage(projectId: string, toolSlug: string, query: string, at: string): Promise<void>;
  /** Counts many pairs at once, in one transaction. */
  recordUsageMany(projectId: string, pairs: ReadonlyArray<{ toolSlug: string; query: string }>, at: string): Promise<void>;
  /** Usage pairs touched after `since` (all when undefined). */
  usageSince(projectId: string, since?: string): Promise<SearchUsageRow[]>;
  /** Removes usage pairs last used before `before`; returns how many. */
  pruneUsage(projectId: string, before: string): Promise<number>;
}

export interface McpTokenRow {
  id: string;
  project_id: string;
  session_id: string;
  name: string;
  /** First characters of the token, to tell tokens apart. Never the whole token. */
  prefix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** The API key that issued the token; null for tokens issued before keys were recorded. */
  api_key_id: string | null;
}

/** Session-scoped tokens for MCP clients that can only be given a URL. Stored as SHA-256 digests. */
export interface McpTokenRepo {
  create(token: {
    id: string;
    project_id: string;
    session_id: string;
    name: string;
    prefix: string;
    hash: string;
    expires_at: string | null;
    api_key_id: string | null;
  }): Promise<McpTokenRow>;
  /** The token with this hash if neither it nor the key that issued it is revoked, and it has not expired at `at`. */
  findActiveByHash(hash: string, at: string): Promise<McpTokenRow | undefined>;
  list(projectId: string, sessionId: string): Promise<McpTokenRow[]>;
  /** Revokes one token of the session; false when there is no such token. Revoking twice is a no-op. */
  revoke(projectId: string, sessionId: string, id: string): Promise<boolean>;
}

export interface ConsoleSessionRow {
  project_id: string;
  api_key_id: string;
  created_at: string;
  expires_at: string;
}

/** Web console sign-ins, stored as SHA-256 digests of the browser's session id. */
export interface ConsoleSessionRepo {
  create(session: { hash: string; project_id: string; api_key_id: string; expires_at: string }): Promise<void>;
  /** The session with this hash if it has not expired at `at` and the key it was opened with is not revoked. */
  findActive(hash: string, at: string): Promise<ConsoleSessionRow | undefined>;
  delete(hash: string): Promise<void>;
  /** Removes sessions expired at `at`; returns how many. */
  pruneExpired(at: string): Promise<number>;
}
