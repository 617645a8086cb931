import { absoluteLogo } from '../connections/link-origin.js';
import type { CatalogToolkit } from './catalog-view.js';

/** A toolkit as the catalog endpoints show it (reference list-item shape plus our extras). */
export function toolkitItem(entry: CatalogToolkit) {
  const { toolkit } = entry;
  const modes = toolkit.auth_schemes.map((s) => s.mode);
  const logo = absoluteLogo(toolkit.logo);
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
      ...(logo ? { logo } : {}),
      tools_count: entry.tools.length,
    },
  };
}

/**
 * The single-toolkit view adds the full auth scheme definitions (no secrets live in them), whether
 * the toolkit is on for the project, and the versions this server holds (one today).
 */
export function toolkitDetail(entry: CatalogToolkit, enabled = true) {
  return {
    ...toolkitItem(entry),
    enabled,
    available_versions: [entry.toolkit.version],
    auth_scheme_details: entry.toolkit.auth_schemes,
  };
}
