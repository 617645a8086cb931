/**
 * The one error vocabulary of Tool Router. Every error the API returns carries one of these codes,
 * and the SDK maps each code back to a typed error class. Codes are stable: add new ones, never
 * renumber or repurpose an existing one.
 *
 * `code` is numeric because the reference wire format uses numbers; `slug` is the readable, stable
 * name clients should switch on.
 */
export const ERROR_CODES = {
  /** The body is not valid JSON, or not an object where one is required. */
  INVALID_JSON: { code: 10001, status: 400, slug: 'Request_InvalidJson' },
  /** A field has the wrong type or value, is missing, or is not a known field. */
  VALIDATION_FAILED: { code: 10002, status: 400, slug: 'Request_ValidationFailed' },
  /** No API key was sent. */
  API_KEY_MISSING: { code: 10101, status: 401, slug: 'Auth_ApiKeyMissing' },
  /** The API key is unknown or revoked. */
  API_KEY_INVALID: { code: 10102, status: 401, slug: 'Auth_ApiKeyInvalid' },
  /** This client sent too many wrong keys or tokens lately; Retry-After says when to try again. */
  AUTH_TOO_MANY_FAILURES: { code: 10429, status: 429, slug: 'Auth_TooManyFailures' },
  /** The route does not exist. */
  ROUTE_NOT_FOUND: { code: 10404, status: 404, slug: 'Route_NotFound' },
  /** The HTTP method is not supported on this route. */
  METHOD_NOT_ALLOWED: { code: 10405, status: 405, slug: 'Route_MethodNotAllowed' },
  /** The request body exceeds the size limit. */
  PAYLOAD_TOO_LARGE: { code: 10413, status: 413, slug: 'Request_PayloadTooLarge' },
  /** The HTTP request itself is broken (request line, a header name or value, body framing) and was not read. */
  MALFORMED_REQUEST: { code: 10400, status: 400, slug: 'Request_Malformed' },
  /** The request line and headers together exceed what the server reads. */
  HEADERS_TOO_LARGE: { code: 10431, status: 431, slug: 'Request_HeadersTooLarge' },
  /** The request did not arrive completely within the server's time limit. */
  REQUEST_INCOMPLETE: { code: 10408, status: 408, slug: 'Request_Incomplete' },

  /** The session does not exist in this project, or was deleted. */
  SESSION_NOT_FOUND: { code: 20404, status: 404, slug: 'Session_NotFound' },
  /** The session configuration is self-contradictory or names things that do not exist. */
  SESSION_INVALID_CONFIG: { code: 20400, status: 400, slug: 'Session_InvalidConfig' },
  /** An update was based on an older config_version than the stored one. */
  SESSION_VERSION_CONFLICT: { code: 20409, status: 409, slug: 'Session_VersionConflict' },

  /** No toolkit with this slug is visible to the project. */
  TOOLKIT_NOT_FOUND: { code: 30404, status: 404, slug: 'Catalog_ToolkitNotFound' },
  /** No tool with this slug is visible to the project. */
  TOOL_NOT_FOUND: { code: 30405, status: 404, slug: 'Catalog_ToolNotFound' },
  /** The tool exists, but not in the version asked for. */
  TOOL_VERSION_NOT_FOUND: { code: 30406, status: 404, slug: 'Catalog_ToolVersionNotFound' },
  /** The toolkit exists but the project's operator has turned it off for this project. */
  TOOLKIT_DISABLED: { code: 30410, status: 403, slug: 'Catalog_ToolkitDisabled' },
  /** An OpenAPI document could not be read or turned into tools. */
  IMPORT_FAILED: { code: 30400, status: 400, slug: 'Catalog_ImportFailed' },
  /** The import would replace a toolkit or tool the project does not own (a built-in one), or use the meta-tools' names. */
  IMPORT_CONFLICT: { code: 30409, status: 409, slug: 'Catalog_ImportConflict' },
  /** The OpenAPI document is over the server's size or operation budget. */
  IMPORT_TOO_LARGE: { code: 30413, status: 413, slug: 'Catalog_ImportTooLarge' },
  /** Converting the OpenAPI document ran past the server's time or memory budget and was stopped. */
  IMPORT_TOO_COMPLEX: { code: 30422, status: 422, slug: 'Catalog_ImportTooComplex' },
  /** A spec URL could not be fetched. */
  SPEC_FETCH_FAILED: { code: 30502, status: 502, slug: 'Catalog_SpecFetchFailed' },
  /** An outbound request was refused by the egress guard. */
  EGRESS_DENIED: { code: 30403, status: 403, slug: 'Net_EgressDenied' },

  /** The toolkit needs a connected account and the user has no usable one. */
  NO_ACTIVE_CONNECTION: { code: 50404, status: 400, slug: 'Connection_NoActiveConnection' },
  /** Several accounts could serve the call and the session requires the caller to pick one. */
  ACCOUNT_SELECTION_REQUIRED: { code: 50409, status: 400, slug: 'Connection_AccountSelectionRequired' },
  /** No auth config with this id in the project. */
  AUTH_CONFIG_NOT_FOUND: { code: 50410, status: 404, slug: 'AuthConfig_NotFound' },
  /** The auth config settings are incomplete or do not fit the toolkit. */
  AUTH_CONFIG_INVALID: { code: 50400, status: 400, slug: 'AuthConfig_Invalid' },
  /** `use_composio_managed_auth` was asked for, but the operator configured no app for the toolkit. */
  MANAGED_AUTH_UNAVAILABLE: { code: 50412, status: 400, slug: 'AuthConfig_ManagedAuthUnavailable' },
  /** No connected account with this id in the project. */
  CONNECTED_ACCOUNT_NOT_FOUND: { code: 50414, status: 404, slug: 'ConnectedAccount_NotFound' },
  /** The user already has as many accounts for the toolkit as the session allows. */
  CONNECTION_LIMIT_REACHED: { code: 50413, status: 400, slug: 'Connection_LimitReached' },
  /** The account cannot do what was asked in its current state (e.g. refresh an API key). */
  CONNECTION_INVALID_STATE: { code: 50422, status: 400, slug: 'Connection_InvalidState' },
  /** The provider's token endpoint could not be reached or answered with an error we cannot act on. */
  CONNECTION_REFRESH_FAILED: { code: 50502, status: 502, slug: 'Connection_RefreshFailed' },

  /** `text` (arguments in plain words) was sent, but the operator configured no model to turn it into arguments. */
  TEXT_ARGUMENTS_UNAVAILABLE: { code: 40400, status: 400, slug: 'Execution_TextArgumentsUnavailable' },
  /** The operator's model could not turn `text` into arguments (unreachable, or no usable tool call). */
  TEXT_ARGUMENTS_FAILED: { code: 40503, status: 502, slug: 'Execution_TextArgumentsFailed' },
  /** A classic (session-less) call names something it cannot run as: a meta-tool with no session, or no account. */
  EXECUTION_TARGET_MISSING: { code: 40422, status: 400, slug: 'Execution_TargetMissing' },
  /** The tool exists but this server cannot execute it (yet). */
  EXECUTION_UNAVAILABLE: { code: 40501, status: 501, slug: 'Execution_Unavailable' },

  /** No such MCP URL token for this session. */
  MCP_TOKEN_NOT_FOUND: { code: 60404, status: 404, slug: 'Mcp_TokenNotFound' },
  /** The MCP URL token belongs to another session. */
  MCP_TOKEN_WRONG_SESSION: { code: 60401, status: 401, slug: 'Mcp_TokenWrongSession' },
  /** A stored execution log or offloaded result does not exist in this project. */
  EXECUTION_LOG_NOT_FOUND: { code: 40404, status: 404, slug: 'Execution_LogNotFound' },
  RESULT_NOT_FOUND: { code: 40406, status: 404, slug: 'Execution_ResultNotFound' },
  /** No such file in the session's files (mount API). */
  FILE_NOT_FOUND: { code: 40407, status: 404, slug: 'Files_NotFound' },
  /** A signed file URL is forged, malformed, expired or used for the wrong operation. */
  FILE_URL_INVALID: { code: 40408, status: 403, slug: 'Files_UrlInvalid' },
  /** proxy_execute could not reach the toolkit's API (network failure, timeout, size cap). */
  PROXY_UPSTREAM_FAILED: { code: 40502, status: 502, slug: 'Execution_ProxyUpstreamFailed' },
  /** proxy_execute may only reach an allowed toolkit's own base URL. */
  PROXY_NOT_ALLOWED: { code: 40403, status: 403, slug: 'Execution_ProxyNotAllowed' },

  /** No upstream MCP server with this slug is registered in the project. */
  MCP_SERVER_NOT_FOUND: { code: 41404, status: 404, slug: 'McpServer_NotFound' },
  /** The slug is taken by another toolkit (built-in or imported). */
  MCP_SERVER_CONFLICT: { code: 41409, status: 409, slug: 'McpServer_Conflict' },
  /** The operator has not allowed this command for stdio servers registered over the API. */
  MCP_STDIO_NOT_ALLOWED: { code: 41403, status: 403, slug: 'McpServer_StdioNotAllowed' },
  /** The upstream server could not be started, reached or listed. */
  MCP_SERVER_UNAVAILABLE: { code: 41502, status: 502, slug: 'McpServer_Unavailable' },

  /** No approval request with this id in the project. */
  APPROVAL_NOT_FOUND: { code: 42404, status: 404, slug: 'Approval_NotFound' },
  /** The approval was already approved, denied, used or has expired. */
  APPROVAL_NOT_PENDING: { code: 42409, status: 409, slug: 'Approval_NotPending' },

  /** Something failed inside the server; the request id locates it in the logs. */
  INTERNAL: { code: 10500, status: 500, slug: 'Internal_Error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error response. */
export interface ErrorEnvelope {
  error: {
    message: string;
    code: number;
    slug: string;
    status: number;
    request_id: string | null;
    suggested_fix: string | null;
    errors: string[];
  };
}

export interface ToolRouterErrorOptions {
  /** What the caller can do about it, in one sentence. */
  suggestedFix?: string;
  /** One line per problem, each naming the field it concerns. */
  errors?: string[];
  cause?: unknown;
}

/**
 * The error type of the whole project. Server code throws it; the HTTP edge turns it into an
 * `ErrorEnvelope`; the SDK turns an envelope back into it.
 */
export class ToolRouterError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly suggestedFix: string | undefined;
  readonly errors: string[];

  constructor(code: ErrorCode, message: string, options: ToolRouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolRouterError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.suggestedFix = options.suggestedFix;
    this.errors = options.errors ?? [];
  }

  toEnvelope(requestId: string | null): ErrorEnvelope {
    const spec = ERROR_CODES[this.code];
    return {
      error: {
        message: this.message,
        code: spec.code,
        slug: spec.slug,
        status: spec.status,
        request_id: requestId,
        suggested_fix: this.suggestedFix ?? null,
        errors: this.errors,
      },
    };
  }
}

export function isToolRouterError(value: unknown): value is ToolRouterError {
  return value instanceof ToolRouterError;
}
