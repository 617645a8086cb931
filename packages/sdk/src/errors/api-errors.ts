import type { ErrorCode } from '@toolrouter/core';
import { ToolRouterSdkError } from './sdk-error.js';

export interface ApiErrorInit {
  message: string;
  status: number;
  /** The code's name, e.g. `SESSION_NOT_FOUND`; a code this SDK version does not know is kept as sent. */
  code: ErrorCode | (string & {});
  /** Stable readable slug from the envelope, e.g. `Session_NotFound`. */
  slug: string;
  /** The envelope's numeric code, e.g. 20404. */
  numericCode: number | null;
  requestId: string | null;
  suggestedFix: string | null;
  /** One line per problem, each naming the field it concerns. */
  errors: string[];
}

/**
 * An error answered by the server (any non-2xx response). Subclasses exist for every code of the
 * server's error envelope, so callers can `catch (e) { if (e instanceof SessionNotFoundError) … }`.
 */
export class ToolRouterApiError extends ToolRouterSdkError {
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly slug: string;
  readonly numericCode: number | null;
  readonly requestId: string | null;
  readonly suggestedFix: string | null;
  readonly errors: string[];

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.slug = init.slug;
    this.numericCode = init.numericCode;
    this.requestId = init.requestId;
    this.suggestedFix = init.suggestedFix;
    this.errors = init.errors;
  }
}

/** Base of the per-code classes: fixes `code` to one value, both in the type and at runtime. */
function apiError<C extends ErrorCode>(code: C) {
  return class extends ToolRouterApiError {
    static readonly code: C = code;
    declare readonly code: C;
    constructor(init: Omit<ApiErrorInit, 'code'>) {
      super({ ...init, code });
    }
  };
}

export class InvalidJsonError extends apiError('INVALID_JSON') {}
export class ValidationFailedError extends apiError('VALIDATION_FAILED') {}
export class ApiKeyMissingError extends apiError('API_KEY_MISSING') {}
export class ApiKeyInvalidError extends apiError('API_KEY_INVALID') {}
export class AuthTooManyFailuresError extends apiError('AUTH_TOO_MANY_FAILURES') {}
export class RouteNotFoundError extends apiError('ROUTE_NOT_FOUND') {}
export class MethodNotAllowedError extends apiError('METHOD_NOT_ALLOWED') {}
export class PayloadTooLargeError extends apiError('PAYLOAD_TOO_LARGE') {}
export class MalformedRequestError extends apiError('MALFORMED_REQUEST') {}
export class HeadersTooLargeError extends apiError('HEADERS_TOO_LARGE') {}
export class RequestIncompleteError extends apiError('REQUEST_INCOMPLETE') {}
export class SessionNotFoundError extends apiError('SESSION_NOT_FOUND') {}
export class SessionInvalidConfigError extends apiError('SESSION_INVALID_CONFIG') {}
export class SessionVersionConflictError extends apiError('SESSION_VERSION_CONFLICT') {}
export class ToolkitNotFoundError extends apiError('TOOLKIT_NOT_FOUND') {}
export class ToolkitDisabledError extends apiError('TOOLKIT_DISABLED') {}
export class ToolNotFoundError extends apiError('TOOL_NOT_FOUND') {}
export class ImportFailedError extends apiError('IMPORT_FAILED') {}
export class ImportConflictError extends apiError('IMPORT_CONFLICT') {}
export class ImportTooLargeError extends apiError('IMPORT_TOO_LARGE') {}
export class ImportTooComplexError extends apiError('IMPORT_TOO_COMPLEX') {}
export class SpecFetchFailedError extends apiError('SPEC_FETCH_FAILED') {}
export class EgressDeniedError extends apiError('EGRESS_DENIED') {}
export class NoActiveConnectionError extends apiError('NO_ACTIVE_CONNECTION') {}
export class AccountSelectionRequiredError extends apiError('ACCOUNT_SELECTION_REQUIRED') {}
export class AuthConfigNotFoundError extends apiError('AUTH_CONFIG_NOT_FOUND') {}
export class AuthConfigInvalidError extends apiError('AUTH_CONFIG_INVALID') {}
export class ManagedAuthUnavailableError extends apiError('MANAGED_AUTH_UNAVAILABLE') {}
export class ConnectedAccountNotFoundError extends apiError('CONNECTED_ACCOUNT_NOT_FOUND') {}
export class ConnectionLimitReachedError extends apiError('CONNECTION_LIMIT_REACHED') {}
export class ConnectionInvalidStateError extends apiError('CONNECTION_INVALID_STATE') {}
export class ConnectionRefreshFailedError extends apiError('CONNECTION_REFRESH_FAILED') {}
export class ExecutionUnavailableError extends apiError('EXECUTION_UNAVAILABLE') {}
export class InternalError extends apiError('INTERNAL') {}
export class ExecutionLogNotFoundError extends apiError('EXECUTION_LOG_NOT_FOUND') {}
export class ResultNotFoundError extends apiError('RESULT_NOT_FOUND') {}
export class ProxyUpstreamFailedError extends apiError('PROXY_UPSTREAM_FAILED') {}
export class ProxyNotAllowedError extends apiError('PROXY_NOT_ALLOWED') {}
export class McpServerNotFoundError extends apiError('MCP_SERVER_NOT_FOUND') {}
export class McpServerConflictError extends apiError('MCP_SERVER_CONFLICT') {}
export class McpStdioNotAllowedError extends apiError('MCP_STDIO_NOT_ALLOWED') {}
export class McpServerUnavailableError extends apiError('MCP_SERVER_UNAVAILABLE') {}
export class ApprovalNotFoundError extends apiError('APPROVAL_NOT_FOUND') {}
export class ApprovalNotPendingError extends apiError('APPROVAL_NOT_PENDING') {}
export class McpTokenNotFoundError extends apiError('MCP_TOKEN_NOT_FOUND') {}
export class McpTokenWrongSessionError extends apiError('MCP_TOKEN_WRONG_SESSION') {}
export class ToolVersionNotFoundError extends apiError('TOOL_VERSION_NOT_FOUND') {}
export class TextArgumentsUnavailableError extends apiError('TEXT_ARGUMENTS_UNAVAILABLE') {}
export class TextArgumentsFailedError extends apiError('TEXT_ARGUMENTS_FAILED') {}
export class ExecutionTargetMissingError extends apiError('EXECUTION_TARGET_MISSING') {}
export class FileNotFoundError extends apiError('FILE_NOT_FOUND') {}
export class FileUrlInvalidError extends apiError('FILE_URL_INVALID') {}

export type ApiErrorClass = new (init: Omit<ApiErrorInit, 'code'>) => ToolRouterApiError;

/**
 * The class for each server error code. Deliberately `Partial`: a server newer than this SDK may
 * add codes, which then arrive as a plain `ToolRouterApiError`. A test checks that every code
 * known to `@toolrouter/core` has its class here.
 */
export const API_ERROR_CLASSES: Partial<Record<ErrorCode, ApiErrorClass>> = {
  INVALID_JSON: InvalidJsonError,
  VALIDATION_FAILED: ValidationFailedError,
  API_KEY_MISSING: ApiKeyMissingError,
  API_KEY_INVALID: ApiKeyInvalidError,
  AUTH_TOO_MANY_FAILURES: AuthTooManyFailuresError,
  ROUTE_NOT_FOUND: RouteNotFoundError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  MALFORMED_REQUEST: MalformedRequestError,
  HEADERS_TOO_LARGE: HeadersTooLargeError,
  REQUEST_INCOMPLETE: RequestIncompleteError,
  SESSION_NOT_FOUND: SessionNotFoundError,
  SESSION_INVALID_CONFIG: SessionInvalidConfigError,
  SESSION_VERSION_CONFLICT: SessionVersionConflictError,
  TOOLKIT_NOT_FOUND: ToolkitNotFoundError,
  TOOLKIT_DISABLED: ToolkitDisabledError,
  TOOL_NOT_FOUND: ToolNotFoundError,
  IMPORT_FAILED: ImportFailedError,
  IMPORT_CONFLICT: ImportConflictError,
  IMPORT_TOO_LARGE: ImportTooLargeError,
  IMPORT_TOO_COMPLEX: ImportTooComplexError,
  SPEC_FETCH_FAILED: SpecFetchFailedError,
  EGRESS_DENIED: EgressDeniedError,
  NO_ACTIVE_CONNECTION: NoActiveConnectionError,
  ACCOUNT_SELECTION_REQUIRED: AccountSelectionRequiredError,
  AUTH_CONFIG_NOT_FOUND: AuthConfigNotFoundError,
  AUTH_CONFIG_INVALID: AuthConfigInvalidError,
  MANAGED_AUTH_UNAVAILABLE: ManagedAuthUnavailableError,
  CONNECTED_ACCOUNT_NOT_FOUND: ConnectedAccountNotFoundError,
  CONNECTION_LIMIT_REACHED: ConnectionLimitReachedError,
  CONNECTION_INVALID_STATE: ConnectionInvalidStateError,
  CONNECTION_REFRESH_FAILED: ConnectionRefreshFailedError,
  EXECUTION_UNAVAILABLE: ExecutionUnavailableError,
  INTERNAL: InternalError,
  EXECUTION_LOG_NOT_FOUND: ExecutionLogNotFoundError,
  RESULT_NOT_FOUND: ResultNotFoundError,
  PROXY_UPSTREAM_FAILED: ProxyUpstreamFailedError,
  PROXY_NOT_ALLOWED: ProxyNotAllowedError,
  MCP_SERVER_NOT_FOUND: McpServerNotFoundError,
  MCP_SERVER_CONFLICT: McpServerConflictError,
  MCP_STDIO_NOT_ALLOWED: McpStdioNotAllowedError,
  MCP_SERVER_UNAVAILABLE: McpServerUnavailableError,
  APPROVAL_NOT_FOUND: ApprovalNotFoundError,
  APPROVAL_NOT_PENDING: ApprovalNotPendingError,
  MCP_TOKEN_NOT_FOUND: McpTokenNotFoundError,
  MCP_TOKEN_WRONG_SESSION: McpTokenWrongSessionError,
  TOOL_VERSION_NOT_FOUND: ToolVersionNotFoundError,
  TEXT_ARGUMENTS_UNAVAILABLE: TextArgumentsUnavailableError,
  TEXT_ARGUMENTS_FAILED: TextArgumentsFailedError,
  EXECUTION_TARGET_MISSING: ExecutionTargetMissingError,
  FILE_NOT_FOUND: FileNotFoundError,
  FILE_URL_INVALID: FileUrlInvalidError,
};
