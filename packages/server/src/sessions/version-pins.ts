import { LATEST_VERSION, pinnedVersion, type SessionConfig, type Tool } from '@toolrouter/core';
import type { CatalogView } from '../catalog/catalog-view.js';
import { toolkitPasses } from './allowed-tools.js';

/** How many toolkits a refused global pin names before it says "and N more". */
const LISTED = 5;

const versionList = (versions: readonly string[]) => [LATEST_VERSION, ...versions].map((v) => `"${v}"`).join(', ');

/**
 * Problems with a session's `toolkit_versions`. A per-toolkit pin must name a toolkit of the
 * project (checked by `checkToolkit`, which reports it) and a version this server holds for it. A
 * single string pins every toolkit the session's toolkit filter lets through, so each of them must
 * hold that version. "latest" is always fine.
 */
export function versionPinProblems(view: CatalogView, config: SessionConfig, checkToolkit: (slug: string, field: string) => boolean): string[] {
  const pins = config.toolkit_versions;
  if (pins === undefined) return [];
  const problems: string[] = [];
  if (typeof pins === 'string') {
    if (pins === LATEST_VERSION) return [];
    const lacking = [...view.toolkits.keys()].filter((slug) => toolkitPasses(slug, config) && !view.availableVersions(slug).includes(pins));
    if (lacking.length > 0) {
      const named = lacking.slice(0, LISTED).map((slug) => `${slug} has ${versionList(view.availableVersions(slug))}`);
      const more = lacking.length > LISTED ? `; and ${lacking.length - LISTED} more` : '';
      problems.push(
        `toolkit_versions: "${pins}" would pin every toolkit of the session, but ${lacking.length} do not have that version (${named.join('; ')}${more}); pin toolkits one by one ({"<toolkit>": "<version>"}) or use "latest"`,
      );
    }
    return problems;
  }
  for (const [slug, version] of Object.entries(pins)) {
    const field = `toolkit_versions.${slug}`;
    if (!checkToolkit(slug, field) || version === LATEST_VERSION) continue;
    const available = view.availableVersions(slug);
    if (!available.includes(version)) {
      problems.push(`${field}: toolkit "${slug}" has no version "${version}"; available: ${versionList(available)}`);
    }
  }
  return problems;
}

/**
 * Why the session's pin forbids running this tool, if it does: the toolkit is pinned to a version
 * other than the one this server has loaded (the catalog moved on since the session was made).
 */
export function pinMismatch(view: CatalogView, config: SessionConfig, tool: Tool): string | undefined {
  const pin = pinnedVersion(config.toolkit_versions, tool.toolkit);
  if (pin === LATEST_VERSION) return undefined;
  const available = view.availableVersions(tool.toolkit);
  if (available.includes(pin)) return undefined;
  return `the session pins toolkit "${tool.toolkit}" to version "${pin}", but this server has ${available.map((v) => `"${v}"`).join(', ') || 'no version'} of it. Pin "latest" or one of those versions (PATCH the session's toolkit_versions)`;
}
