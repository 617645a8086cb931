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
  /** The user's account for this toolkit, or null when none is connected. */
  connection: {
    isActive: boolean;
    connectedAccount: { id: string; status: string; alias?: string; createdAt?: string };
    authConfig: { id: string; mode?: string; isComposioManaged?: boolean } | null;
  } | null;
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
  return {
    slug: w.slug,
    name: w.name,
    enabled: w.enabled !== false,
    isNoAuth: w.is_no_auth === true,
    authSchemes: w.auth_schemes ?? [],
    ...(w.meta?.logo ? { logo: w.meta.logo } : {}),
    ...(w.meta?.description ? { description: w.meta.description } : {}),
    connection: ca
      ? {
          isActive: ca.status === 'ACTIVE',
          connectedAccount: {
            id: ca.id,
            status: ca.status,
            ...(ca.alias ? { alias: ca.alias } : {}),
            ...(ca.created_at ? { createdAt: ca.created_at } : {}),
          },
          authConfig: ca.auth_config
            ? {
                id: ca.auth_config.id,
                ...(ca.auth_config.auth_scheme ? { mode: ca.auth_config.auth_scheme } : {}),
                ...(ca.auth_config.is_composio_managed !== undefined ? { isComposioManaged: ca.auth_config.is_composio_managed } : {}),
              }
            : null,
        }
      : null,
  };
}
