/**
 * Outbound HTTP for the whole server. Anything that talks to the network (tool executions,
 * OpenAPI spec downloads, OAuth token calls) goes through `createGuardedFetch`, never through
 * global fetch or node:http directly, so the egress policy has exactly one place to live.
 */
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_REDIRECTS,
  createGuardedFetch,
  type GuardedFetch,
  type GuardedFetchOptions,
  type GuardedRequestInit,
  type GuardedResponse,
  type HostLookup,
} from './guarded-fetch.js';
export {
  EGRESS_ALLOW_ENV,
  EMPTY_ALLOWLIST,
  checkAddresses,
  isAddressAllowlisted,
  isHostAllowlisted,
  isIpLiteral,
  mergeAllowlists,
  normalizeHost,
  parseAllowEntry,
  parseAllowlist,
  specialRange,
  type AddressVerdict,
  type EgressAllowlist,
} from './egress-policy.js';
export { NetworkError, isNetworkError, type NetworkErrorKind } from './errors.js';
export type { RequestBody, RequestHeaders } from './request.js';
