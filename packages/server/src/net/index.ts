/**
 * Outbound HTTP for the whole server. Anything that talks to the network (tool executions,
 * OpenAPI spec downloads, OAuth token calls) goes through `createGuardedFetch`, never through
 * global fetch or node:http directly, so the egress policy has exactly one place to live.
 */

export {
  type AddressVerdict,
  checkAddresses,
  EGRESS_ALLOW_ENV,
  type EgressAllowlist,
  EMPTY_ALLOWLIST,
  isAddressAllowlisted,
  isHostAllowlisted,
  isIpLiteral,
  mergeAllowlists,
  normalizeHost,
  parseAllowEntry,
  parseAllowlist,
  specialRange,
} from './egress-policy.js';
export { isNetworkError, NetworkError, type NetworkErrorKind } from './errors.js';
export {
  createGuardedFetch,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type GuardedFetch,
  type GuardedFetchOptions,
  type GuardedRequestInit,
  type GuardedResponse,
  type HostLookup,
  MAX_REDIRECTS,
} from './guarded-fetch.js';
export type { RequestBody, RequestHeaders } from './request.js';
