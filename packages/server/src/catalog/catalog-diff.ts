import { isDeepStrictEqual } from 'node:util';
import type { Tool, Toolkit, ToolkitBundle } from '@toolrouter/core';

/** What can differ between two builds of a toolkit or tool, in the order reports list it. */
export type ChangedField = 'name' | 'description' | 'version' | 'auth' | 'base_url' | 'tenant_fields' | 'schema' | 'binding' | 'tags';

export interface ToolChange {
  slug: string;
  fields: ChangedField[];
}

export interface ToolkitChange {
  slug: string;
  /** Fields of the toolkit itself that differ. */
  fields: ChangedField[];
  tools: { added: string[]; removed: string[]; changed: ToolChange[] };
}

export interface CatalogDiff {
  added: Array<{ slug: string; tools: number }>;
  removed: Array<{ slug: string; tools: number }>;
  changed: ToolkitChange[];
}

const toolkitFields: Array<[ChangedField, (t: Toolkit) => unknown]> = [
  ['name', (t) => t.name],
  ['description', (t) => t.description],
  ['version', (t) => t.version],
  ['auth', (t) => t.auth_schemes],
  ['base_url', (t) => t.base_url],
  // What a connection is asked for besides credentials ({dc}, {subdomain}, ...): a change here changes the connect page.
  ['tenant_fields', (t) => t.tenant_fields ?? []],
];

const toolFields: Array<[ChangedField, (t: Tool) => unknown]> = [
  ['name', (t) => t.name],
  ['description', (t) => t.description],
  ['version', (t) => t.version],
  // What a tool needs from a connection: whether it needs one at all, and which scopes.
  ['auth', (t) => [t.no_auth, t.scopes]],
  ['schema', (t) => [t.input_parameters, t.output_parameters]],
  ['binding', (t) => t.binding],
  ['tags', (t) => t.tags],
];

function differing<T>(fields: Array<[ChangedField, (x: T) => unknown]>, a: T, b: T): ChangedField[] {
  return fields.filter(([, pick]) => !isDeepStrictEqual(pick(a), pick(b))).map(([name]) => name);
}

/** Compares two catalog builds toolkit by toolkit and tool by tool; every list is sorted by slug. */
export function diffCatalogs(before: readonly ToolkitBundle[], after: readonly ToolkitBundle[]): CatalogDiff {
  const old = new Map(before.map((b) => [b.toolkit.slug, b]));
  const now = new Map(after.map((b) => [b.toolkit.slug, b]));
  const bySlug = <T extends { slug: string }>(list: T[]) => list.sort((x, y) => x.slug.localeCompare(y.slug));
  const diff: CatalogDiff = {
    added: bySlug([...now.values()].filter((b) => !old.has(b.toolkit.slug)).map((b) => ({ slug: b.toolkit.slug, tools: b.tools.length }))),
    removed: bySlug([...old.values()].filter((b) => !now.has(b.toolkit.slug)).map((b) => ({ slug: b.toolkit.slug, tools: b.tools.length }))),
    changed: [],
  };
  for (const [slug, a] of old) {
    const b = now.get(slug);
    if (!b) continue;
    const change = diffToolkit(a, b);
    if (change.fields.length > 0 || change.tools.added.length + change.tools.removed.length + change.tools.changed.length > 0) {
      diff.changed.push(change);
    }
  }
  bySlug(diff.changed);
  return diff;
}

function diffToolkit(a: ToolkitBundle, b: ToolkitBundle): ToolkitChange {
  const oldTools = new Map(a.tools.map((t) => [t.slug, t]));
  const newTools = new Map(b.tools.map((t) => [t.slug, t]));
  const changed: ToolChange[] = [];
  for (const [slug, tool] of oldTools) {
    const other = newTools.get(slug);
    if (!other) continue;
    // A tool that simply carries its toolkit's version changes with it; the toolkit line says so
    // once, instead of every tool of a bumped toolkit showing up as changed.
    const followsToolkit = tool.version === a.toolkit.version && other.version === b.toolkit.version;
    const fields = differing(toolFields, tool, other).filter((f) => f !== 'version' || !followsToolkit);
    if (fields.length > 0) changed.push({ slug, fields });
  }
  return {
    slug: a.toolkit.slug,
    fields: differing(toolkitFields, a.toolkit, b.toolkit),
    tools: {
      added: [...newTools.keys()].filter((s) => !oldTools.has(s)).sort(),
      removed: [...oldTools.keys()].filter((s) => !newTools.has(s)).sort(),
      changed: changed.sort((x, y) => x.slug.localeCompare(y.slug)),
    },
  };
}

/** The diff as lines of text for a terminal; an empty section says "none". */
export function formatCatalogDiff(diff: CatalogDiff): string[] {
  const list = (items: string[]) => (items.length === 0 ? 'none' : items.join(', '));
  const lines = [
    `Toolkits added: ${list(diff.added.map((t) => `${t.slug} (${t.tools} tools)`))}`,
    `Toolkits removed: ${list(diff.removed.map((t) => `${t.slug} (${t.tools} tools)`))}`,
    `Toolkits changed: ${diff.changed.length === 0 ? 'none' : ''}`.trimEnd(),
  ];
  for (const change of diff.changed) {
    lines.push(`  ${change.slug}${change.fields.length > 0 ? ` (${change.fields.join(', ')})` : ''}`);
    lines.push(`    tools added: ${list(change.tools.added)}`);
    lines.push(`    tools removed: ${list(change.tools.removed)}`);
    lines.push(`    tools changed: ${list(change.tools.changed.map((t) => `${t.slug} (${t.fields.join(', ')})`))}`);
  }
  return lines;
}
