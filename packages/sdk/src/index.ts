export { ToolRouter, type UseOptions } from './tool-router.js';
export { DEFAULT_BASE_URL, type ToolRouterOptions } from './client-options.js';
export { ToolRouterSession, MAX_LOCAL_CALL_DEPTH } from './session/session.js';
export {
  SessionPreset,
  type ExperimentalInput,
  type ManageConnectionsInput,
  type MultiAccountInput,
  type PermissionDefault,
  type PermissionRule,
  type PermissionsInput,
  type SandboxSize,
  type SessionConfigInput,
  type SessionUpdateInput,
  type TagFilterInput,
  type ToolFilterInput,
  type ToolkitFilterInput,
  type WorkbenchInput,
} from './session/session-config.js';
export type { SessionConfigView, SessionMcpConfig, SessionWarning } from './session/session-view.js';
export type { SessionTool, SessionToolSchema } from './session/tools.js';
export type { McpTokenOptions, McpUrlToken } from './session/mcp-tokens.js';
export type { SearchOptions, SearchResponse, SearchResult, ToolSchemaInfo, ToolkitConnectionStatus } from './session/search.js';
export type { SessionToolkit, ToolkitsOptions } from './session/toolkits.js';
export { Page, PagePromise } from './session/pager.js';
export { ConnectionRequest, type AuthorizeOptions, type ConnectedAccount } from './session/connection-request.js';
export type { ExecuteOptions, ExecuteParams, Modifiers } from './session/modifiers.js';
export type {
  ExecuteResult,
  JsonSchemaObject,
  MultiExecuteData,
  MultiExecuteItem,
  MultiExecuteItemResult,
  ProxyExecuteParams,
  ProxyExecuteResult,
} from './session/results.js';
export {
  createTool,
  createToolkit,
  type CustomTool,
  type CustomToolContext,
  type CustomToolOptions,
  type CustomToolkit,
  type CustomToolkitOptions,
  type ObjectSchema,
} from './custom-tools/create-tool.js';
export type { RegisteredCustomTool, RegisteredCustomToolkit } from './custom-tools/local-registry.js';
export {
  ApiConnectionError,
  ConnectionRequestFailedError,
  ConnectionRequestTimeoutError,
  CustomToolDefinitionError,
  RequestTimeoutError,
  ToolRouterConfigError,
  ToolRouterSdkError,
} from './errors/sdk-error.js';
export {
  API_ERROR_CLASSES,
  AccountSelectionRequiredError,
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
  FileNotFoundError,
  FileUrlInvalidError,
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
  ToolVersionNotFoundError,
  ToolRouterApiError,
  ValidationFailedError,
  type ApiErrorClass,
  type ApiErrorInit,
} from './errors/api-errors.js';
