import type { Tool } from '@toolrouter/core';
import type { ParamSearchText } from '../../search/types.js';
import type { DetailCache } from './detail-cache.js';
import type { ToolSummary } from './format.js';
import type { SearchTextStore } from './search-text-store.js';

/** Where a lazy tool finds its details; non-enumerable, so JSON and spreads never see it. */
const SOURCE = Symbol('toolrouter.lazyToolSource');

/** Where a compiled tool's lazily loaded parts come from (one per toolkit). */
export interface LazySource {
  cache: DetailCache;
  searchText: SearchTextStore;
  toolkit: string;
}

type LazyTool = Tool & { [SOURCE]: LazySource };

function detailOf(tool: LazyTool) {
  const source = tool[SOURCE];
  return source.cache.detail(source.toolkit, tool.slug);
}

/**
 * Own, enumerable accessors shared by every lazy tool: `JSON.stringify`, spreads and zod see the
 * three fields like plain data, read from the detail cache on access.
 */
const ACCESSORS: PropertyDescriptorMap = {
  input_parameters: {
    enumerable: true,
    get(this: LazyTool) {
      return detailOf(this).input_parameters;
    },
  },
  output_parameters: {
    enumerable: true,
    get(this: LazyTool) {
      return detailOf(this).output_parameters;
    },
  },
  binding: {
    enumerable: true,
    get(this: LazyTool) {
      return detailOf(this).binding;
    },
  },
};

/** A catalog tool whose schemas and binding are read from its toolkit's detail file when first used. */
export function lazyTool(summary: ToolSummary, source: LazySource, toolkitVersion: string): Tool {
  const tool = {
    slug: summary.slug,
    name: summary.name,
    description: summary.description,
    toolkit: source.toolkit,
    tags: summary.tags,
    version: summary.version ?? toolkitVersion,
    no_auth: summary.no_auth,
    scopes: summary.scopes,
  } as unknown as LazyTool;
  Object.defineProperties(tool, ACCESSORS);
  Object.defineProperty(tool, SOURCE, { value: source });
  return tool;
}

/**
 * The argument words of a compiled tool, known without loading its schema (the first call reads
 * the catalog's search text); undefined for other tools.
 */
export function precomputedParamText(tool: Tool): ParamSearchText | undefined {
  const source = (tool as Partial<LazyTool>)[SOURCE];
  return source?.searchText.of(source.toolkit, tool.slug);
}
