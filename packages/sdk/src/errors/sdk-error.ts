/**
 * Errors raised by the SDK itself (not sent by the server). Every error the SDK throws is a
 * `ToolRouterSdkError`, so one `instanceof` check catches them all.
 */
export class ToolRouterSdkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The client is missing a setting it needs (API key, base URL) or was given a bad one. */
export class ToolRouterConfigError extends ToolRouterSdkError {}

/** The server could not be reached, or the connection broke before a response arrived. */
export class ApiConnectionError extends ToolRouterSdkError {}

/** No response arrived within the request timeout. */
export class RequestTimeoutError extends ApiConnectionError {}

/** A custom tool definition is invalid (checked when `createTool` / `createToolkit` is called). */
export class CustomToolDefinitionError extends ToolRouterSdkError {}

/** `waitForConnection` gave up before the account became active. */
export class ConnectionRequestTimeoutError extends ToolRouterSdkError {
  constructor(
    readonly connectedAccountId: string,
    readonly lastStatus: string | undefined,
    timeoutMs: number,
  ) {
    super(`Connected account ${connectedAccountId} did not become ACTIVE within ${timeoutMs} ms` + (lastStatus ? ` (last status: ${lastStatus})` : ''));
  }
}

/** The connection ended in a state it cannot leave (FAILED, EXPIRED, REVOKED). */
export class ConnectionRequestFailedError extends ToolRouterSdkError {
  constructor(
    readonly connectedAccountId: string,
    readonly status: string,
    readonly statusReason: string | null,
  ) {
    super(`Connected account ${connectedAccountId} ended as ${status}${statusReason ? `: ${statusReason}` : ''}`);
  }
}
