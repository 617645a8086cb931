import { ToolSchema as ComposioToolSchema } from '@composio/core';
import { META_TOOL_SLUGS, META_TOOLS } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { metaToolItem, toolItem } from '../src/catalog/tool-item.js';
import { builtinCatalog } from './harness.js';

/**
 * The official client (`@composio/core`, pinned) parses every tool it receives with a strict zod
 * schema and throws on the first mismatch, which would break `session.tools()` for the whole
 * session. Every built-in tool and every meta-tool must pass that very schema.
 */
function asClientParses(item: ReturnType<typeof toolItem>) {
  const normalize = (p: Record<string, unknown> | null | undefined) => (p == null || Object.keys(p).length === 0 ? undefined : p);
  return ComposioToolSchema.safeParse({
    ...item,
    inputParameters: normalize(item.input_parameters),
    outputParameters: normalize(item.output_parameters),
    availableVersions: item.available_versions,
    isDeprecated: item.is_deprecated,
    isNoAuth: item.no_auth,
  });
}

describe('tool items as the official client parses them', () => {
  it('accepts every meta-tool', () => {
    for (const slug of META_TOOL_SLUGS) {
      const result = asClientParses(metaToolItem(META_TOOLS[slug]));
      expect(result.success, `${slug}: ${JSON.stringify(result.error?.issues.slice(0, 2))}`).toBe(true);
    }
  });

  it('accepts every built-in catalog tool', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const bundle of await builtinCatalog()) {
      for (const tool of bundle.tools) {
        count++;
        const result = asClientParses(toolItem(tool, bundle.toolkit, 'http://localhost:8080'));
        if (!result.success) failures.push(`${tool.slug}: ${JSON.stringify(result.error.issues[0])}`);
      }
    }
    expect(count).toBeGreaterThan(1000);
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
