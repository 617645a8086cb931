import type { CustomToolEcho, CustomToolkitEcho, ToolItem } from '@toolrouter/core';

/**
 * Shapes the server answers with, as far as the SDK reads them. Kept loose where the server may
 * grow (optional fields), strict where the SDK depends on a field.
 */

type PastTenseFilter = { enabled?: string[]; disabled?: string[] };

export interface WireSessionConfig {
  user_id: string;
  toolkits?: PastTenseFilter;
  tools?: Record<string, PastTenseFilter & { tags?: PastTenseFilter }>;
  tags?: PastTenseFilter;
  auth_configs?: Record<string, string>;
  connected_accounts?: Record<string, string[]>;
  manage_connections?: {
    enabled?: boolean;
    callback_url?: string;
    enable_wait_for_connections?: boolean;
    enable_connection_removal?: boolean;
  };
  multi_account?: { enabled?: boolean; max_accounts_per_toolkit?: number; require_explicit_selection?: boolean };
  workbench?: { enable?: boolean; proxy_execution_enabled?: boolean; auto_offload_threshold?: number; sandbox_size?: string };
  preload?: { tools?: string[] | 'all' };
  search?: { enable?: boolean };
  execute?: { enable_multi_execute?: boolean };
  experimental?: {
    permissions?: { default?: string; overrides?: Record<string, string> };
    assistive_prompt_config?: { user_timezone?: string };
    link_url_overwrite?: string;
  };
}

export interface WireSession {
  session_id: string;
  mcp: { type: 'http' | 'sse'; url: string };
  config: WireSessionConfig;
  config_version: number;
  tool_router_tools?: string[];
  created_at?: string;
  updated_at?: string;
  experimental?: {
    assistive_prompt?: string;
    custom_tools?: CustomToolEcho[];
    custom_toolkits?: CustomToolkitEcho[];
  };
  warnings?: Array<{ code: string; message: string }>;
}

export interface WirePage<T> {
  items: T[];
  next_cursor: string | null;
  total_pages: number;
  current_page: number;
  total_items: number;
}

export type WireToolItem = ToolItem;

export interface WireToolkitItem {
  slug: string;
  name: string;
  enabled?: boolean;
  is_no_auth?: boolean;
  auth_schemes?: string[];
  composio_managed_auth_schemes?: string[];
  meta?: { logo?: string; description?: string };
  connected_account?: {
    id: string;
    status: string;
    created_at?: string;
    user_id?: string;
    alias?: string | null;
    status_reason?: string | null;
    auth_config?: { id: string; auth_scheme?: string; is_composio_managed?: boolean } | null;
  } | null;
  connection?: { is_active?: boolean; status?: string; message?: string };
}

export interface WireExecuteResponse {
  data: Record<string, unknown> | null;
  error: string | null;
  log_id?: string | null;
}

export interface WireLinkResponse {
  link_token?: string;
  redirect_url: string;
  connected_account_id: string;
  expires_at?: string;
}

export interface WireConnectedAccount {
  id: string;
  status: string;
  status_reason?: string | null;
  alias?: string | null;
  user_id?: string;
  is_disabled?: boolean;
  created_at?: string;
  updated_at?: string;
  toolkit?: { slug: string };
  auth_config?: { id: string; auth_scheme?: string; is_composio_managed?: boolean; is_disabled?: boolean };
}

export interface WireProxyResponse {
  status: number;
  data: unknown;
  headers?: Record<string, string>;
  binary_data?: { content_type: string; size: number; url: string; expires_at?: string };
}
