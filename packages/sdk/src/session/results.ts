/** A JSON Schema describing an object (tool arguments). */
export interface JsonSchemaObject {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
  [key: string]: unknown;
}

/**
 * The outcome of running one tool. A tool that ran and failed is a result with `error` set, not
 * an exception: the model can read it and correct its next call. Exceptions mean the request
 * itself could not be served (bad key, unknown session, server down).
 */
export interface ExecuteResult<TData extends Record<string, unknown> = Record<string, unknown>> {
  data: TData;
  error: string | null;
  successful: boolean;
  /** The server's log id for the call; empty for local custom tools, which never reach the server. */
  logId: string;
}

/** One item of a COMPOSIO_MULTI_EXECUTE_TOOL call, as the meta-tool takes it. */
export interface MultiExecuteItem {
  tool_slug: string;
  arguments?: Record<string, unknown>;
  account?: string;
}

/** One result of a COMPOSIO_MULTI_EXECUTE_TOOL call, in the order of the items sent. */
export interface MultiExecuteItemResult {
  tool_slug: string;
  index: number;
  response: { successful: boolean; data: Record<string, unknown>; error: string | null; log_id?: string } | null;
  error: string | null;
}

export interface MultiExecuteData extends Record<string, unknown> {
  results: MultiExecuteItemResult[];
  total_count: number;
  success_count: number;
  error_count: number;
}

export interface ProxyExecuteParams {
  /** Toolkit whose connected account authenticates the request, e.g. `github`. */
  toolkit: string;
  /** Path below the toolkit's API base URL (e.g. `/user`), or a full URL on that API's host. */
  endpoint: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  body?: unknown;
  parameters?: Array<{ in: 'query' | 'header'; name: string; value: string | number }>;
  /** Connected account id or alias, when the user has several for the toolkit. */
  account?: string;
}

export interface ProxyExecuteResult {
  status: number;
  data: unknown;
  headers: Record<string, string>;
  binaryData?: { contentType: string; size: number; url: string; expiresAt?: string };
}

export const successResult = (data: Record<string, unknown>, logId = ''): ExecuteResult => ({ data, error: null, successful: true, logId });
export const errorResult = (error: string, logId = ''): ExecuteResult => ({ data: {}, error, successful: false, logId });
