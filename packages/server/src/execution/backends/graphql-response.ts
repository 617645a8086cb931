import type { BackendOutcome } from './backend.js';
import { isPlainObject } from './http-response.js';

const MAX_MESSAGES = 5;
const MAX_MESSAGE_CHARS = 300;
/** Error codes GraphQL APIs use for a missing or rejected credential (Apollo's, Linear's). */
const AUTH_CODES = new Set(['UNAUTHENTICATED', 'AUTHENTICATION_ERROR', 'UNAUTHORIZED']);

/**
 * Reads a GraphQL answer (already shaped as an HTTP outcome):
 * - `errors` with no data (data null, absent, or every root field null) fails with the messages;
 * - `errors` beside data is a partial result: the data is returned, with `graphql_errors` and
 *   `partial: true` beside the root fields so the caller knows some fields are missing;
 * - no errors: the `data` object itself, keyed by root field;
 * - an HTTP error keeps its status text and gains the GraphQL messages when the body has them.
 * An authentication error code marks the outcome unauthorized so OAuth tokens are renewed once.
 */
export function shapeGraphqlOutcome(outcome: BackendOutcome, slug: string): BackendOutcome {
  const body = outcome.error === null ? outcome.data : outcome.data['body'];
  const payload = isPlainObject(body) ? body : {};
  const errors = Array.isArray(payload['errors']) ? payload['errors'] : [];
  const legacyMessage = typeof payload['error_message'] === 'string' ? payload['error_message'] : undefined;
  const messages = errors.map(errorMessage);
  if (legacyMessage) messages.push(legacyMessage);
  const unauthorized = outcome.unauthorized === true || errors.some(isAuthError);

  if (outcome.error !== null) {
    const error = messages.length > 0 ? `${slug} failed: ${summary(messages)} (${outcome.error.split(':')[0]})` : outcome.error;
    return { data: outcome.data, error, ...(unauthorized ? { unauthorized: true } : {}) };
  }
  const data = isPlainObject(payload['data']) ? payload['data'] : undefined;
  const hasData = data !== undefined && Object.values(data).some((v) => v !== null);
  if (messages.length === 0) return { data: data ?? payload, error: null };
  if (!hasData) {
    return {
      data: { graphql_errors: errors.length > 0 ? errors : messages },
      error: `${slug} failed: ${summary(messages)}`,
      ...(unauthorized ? { unauthorized: true } : {}),
    };
  }
  return { data: { ...data, graphql_errors: errors, partial: true }, error: null };
}

function errorMessage(error: unknown): string {
  if (!isPlainObject(error)) return String(error);
  const message = typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
  const path = Array.isArray(error['path']) ? ` (at ${error['path'].join('.')})` : '';
  // Linear puts the readable reason in extensions.userPresentableMessage.
  const extensions = isPlainObject(error['extensions']) ? error['extensions'] : {};
  const presentable = typeof extensions['userPresentableMessage'] === 'string' ? `: ${extensions['userPresentableMessage']}` : '';
  return `${message}${presentable}${path}`.slice(0, MAX_MESSAGE_CHARS);
}

function isAuthError(error: unknown): boolean {
  if (!isPlainObject(error) || !isPlainObject(error['extensions'])) return false;
  const code = error['extensions']['code'];
  return typeof code === 'string' && AUTH_CODES.has(code.toUpperCase());
}

function summary(messages: string[]): string {
  const shown = messages.slice(0, MAX_MESSAGES).join('; ');
  return messages.length > MAX_MESSAGES ? `${shown}; and ${messages.length - MAX_MESSAGES} more` : shown;
}
