import type { WireToolkitItem } from './wire-types.js';

/** A toolkit of the session with the user's connection state. */
export interface SessionToolkit {
  slug: string;
  name: string;
  /** Whether the session's filters let the agent use it. */
  enabled: boolean;
  isNoAuth: boolean;
  authSchemes: string[];
  logo?: string;
  description?: string;
  /** The user's connection to this toolkit. */
  connection: {
    /** The user has a usable account for it. */
    isActive: boolean;
    /** As the server reports it, e.g. `ACTIVE`, `NOT_CONNECTED`, `EXPIRED`. */
    status: string;
    /** What to do about it (e.g. how to reconnect); may be empty. */
    message: string;
    /** The account in use (else the latest one), or null when the user has none. */
    connectedAccount: { id: string; status: string; statusReason?: string; alias?: string; createdAt?: string } | null;
    authConfig: { id: string; mode?: string; isComposioManaged?: boolean } | null;
  };
}

export interface ToolkitsOptions {
  /** Only these toolkits (overrides the session's toolkit list for this call). */
  toolkits?: string[];
  /** Only toolkits the user has (true) or has not (false) connected. */
  isConnected?: boolean;
  /** Substring of the slug or name. */
  search?: string;
  /** Page size, at most 50. */
  limit?: number;
  cursor?: string;
}

export function toolkitFrom(w: WireToolkitItem): SessionToolkit {
  const ca = w.connected_account;
  const isActive = w.connection?.is_active ?? ca?.status === 'ACTIVE';
  return {
    slug: w.slug,
    name: w.name,
    enabled: w.enabled !== false,
    isNoAuth: w.is_no_auth === true,
    authSchemes: w.auth_schemes ?? [],
    ...(w.meta?.logo ? { logo: w.meta.logo } : {}),
    ...(w.meta?.description ? { description: w.meta.description } : {}),
    connection: {
      isActive,
      status: w.connection?.status ?? ca?.status ?? 'NOT_CONNECTED',
      message: w.connection?.message ?? '',
      connectedAccount: ca
        ? {
            id: ca.id,
            status: ca.status,
            ...(ca.status_reason ? { statusReason: ca.status_reason } : {}),
            ...(ca.alias ? { alias: ca.alias } : {}),
            ...(ca.created_at ? { createdAt: ca.created_at } : {}),
          }
        : null,
      authConfig: ca?.auth_config
        ? {
            id: ca.auth_config.id,
            ...(ca.auth_config.auth_scheme ? { mode: ca.auth_config.auth_scheme } : {}),
            ...(ca.auth_config.is_composio_managed !== undefined ? { isComposioManaged: ca.auth_config.is_composio_managed } : {}),
          }
        : null,
    },
  };
}
