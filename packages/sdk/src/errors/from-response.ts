import { ERROR_CODES, type ErrorCode } from '@toolrouter/core';
import { API_ERROR_CLASSES, type ApiErrorInit, ToolRouterApiError } from './api-errors.js';

const CODE_BY_SLUG = new Map<string, ErrorCode>((Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [ERROR_CODES[code].slug, code]));

interface WireEnvelope {
  error?: {
    message?: unknown;
    code?: unknown;
    slug?: unknown;
    status?: unknown;
    request_id?: unknown;
    suggested_fix?: unknown;
    errors?: unknown;
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Turns a non-2xx response into the typed error for its code. Bodies that are not our envelope
 * (a proxy's HTML page, a gateway timeout) still become a `ToolRouterApiError` with the status.
 */
export function errorFromResponse(status: number, body: unknown, headerRequestId: string | null): ToolRouterApiError {
  const envelope = (body && typeof body === 'object' ? (body as WireEnvelope).error : undefined) ?? undefined;
  const slug = str(envelope?.slug);
  const knownCode = slug ? CODE_BY_SLUG.get(slug) : undefined;
  const fallbackMessage = typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : `HTTP ${status}`;
  const init: Omit<ApiErrorInit, 'code'> = {
    message: str(envelope?.message) ?? fallbackMessage,
    status,
    slug: slug ?? `HTTP_${status}`,
    numericCode: typeof envelope?.code === 'number' ? envelope.code : null,
    requestId: str(envelope?.request_id) ?? headerRequestId,
    suggestedFix: str(envelope?.suggested_fix),
    errors: Array.isArray(envelope?.errors) ? envelope.errors.filter((e): e is string => typeof e === 'string') : [],
  };
  const ErrorClass = knownCode ? API_ERROR_CLASSES[knownCode] : undefined;
  if (ErrorClass) return new ErrorClass(init);
  return new ToolRouterApiError({ ...init, code: knownCode ?? init.slug });
}
