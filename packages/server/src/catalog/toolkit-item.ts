import type { CatalogToolkit } from './catalog-view.js';
import { logoOf } from './tool-item.js';

/**
 * When a toolkit version was made, read from versions named like the reference's (`20250909_00`);
 * other version names give the epoch. The catalog keeps no other timestamp for a toolkit, and the
 * clients require `created_at` / `updated_at` to be strings.
 */
export function versionDate(version: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:_\d+)?$/.exec(version);
  const at = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(0);
  return Number.isNaN(at.getTime()) ? new Date(0).toISOString() : at.toISOString();
}

/** A toolkit as the catalog endpoints show it (reference list-item shape plus our extras). */
export function toolkitItem(entry: CatalogToolkit, origin: string) {
  const { toolkit } = entry;
  const modes = toolkit.auth_schemes.map((s) => s.mode);
  return {
    slug: toolkit.slug,
    name: toolkit.name,
    auth_schemes: modes,
    composio_managed_auth_schemes: [] as string[],
    is_local_toolkit: false,
    no_auth: modes.every((m) => m === 'NO_AUTH'),
    origin: entry.origin,
    version: toolkit.version,
    base_url: toolkit.base_url,
    meta: {
      description: toolkit.description,
      // The reference list names a category's key `id`, its single-toolkit view `slug`: both are sent.
      categories: toolkit.categories.map((c) => ({ id: c, slug: c, name: c })),
      logo: logoOf(toolkit, origin),
      tools_count: entry.tools.length,
      triggers_count: 0,
      version: toolkit.version,
      available_versions: [toolkit.version],
      created_at: versionDate(toolkit.version),
      updated_at: versionDate(toolkit.version),
    },
  };
}

/**
 * The single-toolkit view adds the full auth scheme definitions (no secrets live in them), whether
 * the toolkit is on for the project, and the versions this server holds (one today).
 */
export function toolkitDetail(entry: CatalogToolkit, origin: string, enabled = true) {
  return {
    ...toolkitItem(entry, origin),
    enabled,
    type: entry.origin === 'builtin' ? 'native' : 'custom',
    composio_managed_auth: [] as Array<{ mode: string; scopes: { available: string[] } }>,
    // The reference's internal block; clients require it to be present, not to say anything.
    deprecated: { toolkitId: entry.toolkit.slug, rawProxyInfoByAuthSchemes: [] as Array<Record<string, unknown>> },
    available_versions: [entry.toolkit.version],
    auth_scheme_details: entry.toolkit.auth_schemes,
  };
}
