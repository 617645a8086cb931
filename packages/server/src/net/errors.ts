import { ToolRouterError } from '@toolrouter/core';
import { EGRESS_ALLOW_ENV } from './egress-policy.js';

/**
 * Failures of the network itself, kept apart from policy refusals (EGRESS_DENIED) because
 * callers map them differently: a spec download turns them into SPEC_FETCH_FAILED, a tool
 * execution into an upstream error. Messages name the host only, never the full URL (query
 * strings may carry API keys) and never header values.
 */
export type NetworkErrorKind =
  | 'timeout'
  | 'too_large'
  | 'connection'
  | 'too_many_redirects'
  /** The caller's own AbortSignal fired. */
  | 'aborted';

export class NetworkError extends Error {
  readonly kind: NetworkErrorKind;
  /** Host (with port, if any) of the hop that failed. */
  readonly host: string | undefined;

  constructor(kind: NetworkErrorKind, message: string, options: { host?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetworkError';
    this.kind = kind;
    this.host = options.host;
  }
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}

// Readable names for the ipaddr.js range names that operators meet most often.
const RANGE_LABELS: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private (RFC 1918)',
  linkLocal: 'a link-local (incl. cloud metadata)',
  carrierGradeNat: 'a carrier-grade NAT',
  uniqueLocal: 'a unique-local',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
};

/** A private or special address that is not allowlisted. */
export function deniedAddress(host: string, address: string, range: string, redirect: boolean): ToolRouterError {
  const target = host === address ? address : `${host} (resolves to ${address})`;
  const kind = RANGE_LABELS[range] ?? `a special-purpose (${range})`;
  const entries = host === address ? `"${address}"` : `"${host}" or "${address}"`;
  return new ToolRouterError(
    'EGRESS_DENIED',
    `${redirect ? 'Redirect' : 'Outbound request'} to ${target} refused: it is ${kind} address, blocked by the egress guard.`,
    {
      suggestedFix: `If this host is trusted, add ${entries} (or a CIDR range) to the ${EGRESS_ALLOW_ENV} setting or the project's egress allowlist.`,
    },
  );
}

/** A host outside the hosts this call is bound to (the toolkit's base URL host). */
export function deniedHost(host: string, allowedHosts: readonly string[], redirect: boolean): ToolRouterError {
  const allowed = allowedHosts.length > 0 ? allowedHosts.join(', ') : '(none)';
  return new ToolRouterError('EGRESS_DENIED', `${redirect ? 'Redirect' : 'Outbound request'} to ${host} refused: this call may only reach ${allowed}.`, {
    suggestedFix: `Calls bound to a toolkit may only reach the host of its base URL; ${EGRESS_ALLOW_ENV} does not widen this.`,
  });
}

/** Anything else the guard refuses outright (scheme, credentials in the URL, downgrade). */
export function deniedRequest(message: string, suggestedFix: string): ToolRouterError {
  return new ToolRouterError('EGRESS_DENIED', message, { suggestedFix });
}
