import { META_TOOL_SLUGS, META_TOOLKIT, META_TOOLS, type ToolItem } from '@toolrouter/core';
import { absoluteLogo } from '../connections/link-origin.js';
import { metaToolItem } from './tool-item.js';
import { versionDate } from './toolkit-item.js';

/**
 * The `composio` toolkit as catalog listings show it: the meta-tools (search, schemas, multi-execute,
 * connections, workbench) every session has. It is not a catalog toolkit: its tools are answered by
 * the session itself, never indexed by search nor executed as app tools, so it lives only here.
 */
export const META_TOOLKIT_DESCRIPTION =
  'The meta-tools every Tool Router session offers: search the catalog, fetch tool schemas, run several tools at once, connect accounts, and work in a sandbox.';

export function metaToolkitItem(origin: string) {
  const logo = absoluteLogo(`/logos/${META_TOOLKIT.slug}.svg`, origin) ?? '';
  return {
    slug: META_TOOLKIT.slug,
    name: 'Composio',
    auth_schemes: ['NO_AUTH' as const],
    composio_managed_auth_schemes: [] as string[],
    is_local_toolkit: false,
    no_auth: true,
    origin: 'builtin' as const,
    version: '1',
    base_url: null as string | null,
    meta: {
      description: META_TOOLKIT_DESCRIPTION,
      categories: [{ id: 'meta', slug: 'meta', name: 'meta' }],
      logo,
      tools_count: META_TOOL_SLUGS.length,
      triggers_count: 0,
      version: '1',
      available_versions: ['1'],
      created_at: versionDate('1'),
      updated_at: versionDate('1'),
    },
  };
}

export function metaToolkitDetail(origin: string) {
  return { ...metaToolkitItem(origin), auth_scheme_details: [{ mode: 'NO_AUTH' as const }] };
}

export function metaToolItems(): ToolItem[] {
  return META_TOOL_SLUGS.map((slug) => metaToolItem(META_TOOLS[slug]));
}
