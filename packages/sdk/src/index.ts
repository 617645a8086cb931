export { DEFAULT_BASE_URL, type ToolRouterOptions } from './client-options.js';
export {
  type CustomTool,
  type CustomToolContext,
  type CustomToolkit,
  type CustomToolkitOptions,
  type CustomToolOptions,
  createTool,
  createToolkit,
  type ObjectSchema,
} from './custom-tools/create-tool.js';
export type { RegisteredCustomTool, RegisteredCustomToolkit } from './custom-tools/local-registry.js';
export {
  AccountSelectionRequiredError,
  API_ERROR_CLASSES,
  type ApiErrorClass,
  type ApiErrorInit,
  ApiKeyInvalidError,
  ApiKeyMissingError,
  ApprovalNotFoundError,
  ApprovalNotPendingError,
  AuthConfigInvalidError,
  AuthConfigNotFoundError,
  AuthTooManyFailuresError,
  ConnectedAccountNotFoundError,
  ConnectionInvalidStateError,
  ConnectionLimitReachedError,
  ConnectionRefreshFailedError,
  EgressDeniedError,
  ExecutionLogNotFoundError,
  ExecutionTargetMissingError,
  ExecutionUnavailableError,
  FileNotFoundError,
  FileUrlInvalidError,
  HeadersTooLargeError,
  ImportConflictError,
  ImportFailedError,
  ImportTooComplexError,
  ImportTooLargeError,
  InternalError,
  InvalidJsonError,
  MalformedRequestError,
  ManagedAuthUnavailableError,
  McpServerConflictError,
  McpServerNotFoundError,
  McpServerUnavailableError,
  McpStdioNotAllowedError,
  McpTokenNotFoundError,
  McpTokenWrongSessionError,
  MethodNotAllowedError,
  NoActiveConnectionError,
  PayloadTooLargeError,
  ProxyNotAllowedError,
  ProxyUpstreamFailedError,
  RequestIncompleteError,
  ResultNotFoundError,
  RouteNotFoundError,
  SessionInvalidConfigError,
  SessionNotFoundError,
  SessionVersionConflictError,
  SpecFetchFailedError,
  TextArgumentsFailedError,
  TextArgumentsUnavailableError,
  ToolkitDisabledError,
  ToolkitNotFoundError,
  ToolNotFoundError,
  ToolRouterApiError,
  ToolVersionNotFoundError,
  ValidationFailedError,
} from './errors/api-errors.js';
export {
  ApiConnectionError,
  ConnectionRequestFailedError,
  ConnectionRequestTimeoutError,
  CustomToolDefinitionError,
  RequestTimeoutError,
  ToolRouterConfigError,
  ToolRouterSdkError,
} from './errors/sdk-error.js';
export { type AuthorizeOptions, type ConnectedAccount, ConnectionRequest } from './session/connection-request.js';
export type { McpTokenOptions, McpUrlToken } from './session/mcp-tokens.js';
export type { ExecuteOptions, ExecuteParams, Modifiers } from './session/modifiers.js';
export { Page, PagePromise } from './session/pager.js';
export type {
  ExecuteResult,
  JsonSchemaObject,
  MultiExecuteData,
  MultiExecuteItem,
  MultiExecuteItemResult,
  ProxyExecuteParams,
  ProxyExecuteResult,
} from './session/results.js';
export type { SearchOptions, SearchResponse, SearchResult, ToolkitConnectionStatus, ToolSchemaInfo } from './session/search.js';
export { MAX_LOCAL_CALL_DEPTH, ToolRouterSession } from './session/session.js';
export {
  type ExperimentalInput,
  type ManageConnectionsInput,
  type MultiAccountInput,
  type PermissionDefault,
  type PermissionRule,
  type PermissionsInput,
  type SandboxSize,
  type SessionConfigInput,
  SessionPreset,
  type SessionUpdateInput,
  type TagFilterInput,
  type ToolFilterInput,
  type ToolkitFilterInput,
  type WorkbenchInput,
} from './session/session-config.js';
export type { SessionConfigView, SessionMcpConfig, SessionWarning } from './session/session-view.js';
export type { SessionToolkit, ToolkitsOptions } from './session/toolkits.js';
export type { SessionTool, SessionToolSchema } from './session/tools.js';
export { ToolRouter, type UseOptions } from './tool-router.js';
