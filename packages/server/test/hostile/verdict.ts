import { ERROR_CODES } from '@toolrouter/core';
import type { WireOutcome, WireResponse } from './wire.js';

/**
 * What a hostile request may get back, by the kind of route it went to:
 * - `api`: JSON; every 4xx is the documented error envelope (packages/core/src/errors.ts);
 * - `mcp`: a 4xx is a JSON-RPC error, or the same envelope for what the HTTP edge refuses before
 *   JSON-RPC is spoken (a missing key, an unknown session, a body over the limit);
 * - `page`: the hosted Connect Link pages answer people, so an error is an HTML page; a path no
 *   route matches still gets the envelope.
 */
export type Answering = 'api' | 'mcp' | 'page';

export interface Expectation {
  answering: Answering;
  /** Statuses the issue demands for this case (e.g. 413 for a body over the limit); any 4xx when unset. */
  statuses?: number[];
}

const KNOWN = new Map<number, { slug: string; status: number }>(Object.values(ERROR_CODES).map((e) => [e.code, e]));

/** Every problem with one answer; empty when it is acceptable. */
export function judge(outcome: WireOutcome, expected: Expectation, boundMs: number, method: string): string[] {
  if (!outcome.ok) return [outcome.problem];
  const { response, ms } = outcome;
  const problems: string[] = [];
  if (ms > boundMs) problems.push(`answered after ${ms} ms (bound ${boundMs} ms)`);
  if (!Number.isInteger(response.status)) return [...problems, `not an HTTP response: ${response.body.slice(0, 200)}`];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  if (expected.statuses && !expected.statuses.includes(response.status)) problems.push(`status ${response.status}, expected ${expected.statuses.join(' or ')}`);
  // A HEAD answer has the headers of the GET answer and no body to check.
  if (method === 'HEAD') return problems.map((p) => `${p} — answered ${response.status}`);
  if (response.status >= 400) problems.push(...errorShape(response, expected.answering));
  else if (response.status < 300 && expected.answering === 'api' && response.status !== 204) problems.push(...jsonBody(response));
  return problems.map((p) => `${p} — answered ${response.status} ${shortBody(response)}`);
}

function errorShape(response: WireResponse, answering: Answering): string[] {
  const type = response.headers['content-type'] ?? '';
  if (answering === 'page' && type.startsWith('text/html')) return [];
  if (!type.startsWith('application/json')) return [`error with content-type "${type}", not the JSON error envelope`];
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return ['error body is not JSON'];
  }
  const envelopeProblems = envelope(json, response.status);
  if (answering !== 'mcp' || envelopeProblems.length === 0) return envelopeProblems;
  const rpcProblems = jsonRpcErrors(json);
  return rpcProblems.length === 0 ? [] : [`neither the error envelope (${envelopeProblems.join('; ')}) nor a JSON-RPC error (${rpcProblems.join('; ')})`];
}

/** The documented envelope: `{error: {message, code, slug, status, request_id, suggested_fix, errors}}` with a known code. */
export function envelope(json: unknown, httpStatus: number): string[] {
  const error = (json as { error?: Record<string, unknown> } | null)?.error;
  if (error === null || typeof error !== 'object') return ['no "error" object'];
  const problems: string[] = [];
  if (typeof error.message !== 'string' || error.message === '') problems.push('error.message is not a non-empty string');
  const known = typeof error.code === 'number' ? KNOWN.get(error.code) : undefined;
  if (!known) problems.push(`error.code ${String(error.code)} is not a documented code`);
  else if (known.slug !== error.slug) problems.push(`error.slug ${String(error.slug)} does not match code ${String(error.code)}`);
  if (error.status !== httpStatus) problems.push(`error.status ${String(error.status)} differs from HTTP ${httpStatus}`);
  if (error.request_id !== null && typeof error.request_id !== 'string') problems.push('error.request_id is neither a string nor null');
  if (error.suggested_fix !== null && typeof error.suggested_fix !== 'string') problems.push('error.suggested_fix is neither a string nor null');
  if (!Array.isArray(error.errors) || !error.errors.every((e) => typeof e === 'string')) problems.push('error.errors is not a list of strings');
  return problems;
}

/** A JSON-RPC 2.0 error response, or a batch of responses holding at least one. */
function jsonRpcErrors(json: unknown): string[] {
  const messages = Array.isArray(json) ? json : [json];
  if (messages.length === 0) return ['empty batch'];
  const problems: string[] = [];
  for (const m of messages as Array<Record<string, unknown> | null>) {
    if (m === null || typeof m !== 'object' || m.jsonrpc !== '2.0') {
      problems.push('a message without jsonrpc "2.0"');
      continue;
    }
    if (!('id' in m) || !(m.id === null || typeof m.id === 'string' || typeof m.id === 'number')) problems.push('a message without a valid id');
    const error = m.error as Record<string, unknown> | undefined;
    if (error && (typeof error.code !== 'number' || !Number.isInteger(error.code) || typeof error.message !== 'string'))
      problems.push('an error without an integer code and a message');
    if (!error && !('result' in m)) problems.push('a message with neither error nor result');
  }
  if (problems.length === 0 && !messages.some((m) => (m as Record<string, unknown>).error)) problems.push('no error in the answer');
  return problems;
}

function jsonBody(response: WireResponse): string[] {
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return [`success with content-type "${type}", not JSON`];
  try {
    JSON.parse(response.body);
    return [];
  } catch {
    return ['success body is not JSON'];
  }
}

function shortBody(response: WireResponse): string {
  const body = response.body.replace(/\s+/g, ' ');
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}
