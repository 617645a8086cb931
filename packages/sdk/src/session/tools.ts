import { META_TOOLKIT } from '@toolrouter/core';
import type { RegisteredCustomTool } from '../custom-tools/local-registry.js';
import type { ExecuteResult, JsonSchemaObject } from './results.js';
import type { WireToolItem } from './wire-types.js';

/** A tool the agent can call, as `session.tools()` lists it. */
export interface SessionToolSchema {
  slug: string;
  name: string;
  description: string;
  toolkit: { slug: string; name: string; logo?: string };
  inputParameters: JsonSchemaObject;
  outputParameters?: Record<string, unknown>;
  /** MCP hints and catalog tags, e.g. `readOnlyHint`. */
  tags: string[];
  version: string;
  isDeprecated: boolean;
  noAuth: boolean;
  scopes: string[];
  /** True for local custom tools, which run in this process. */
  local: boolean;
}

export interface SessionTool extends SessionToolSchema {
  /** Runs the tool through the session, with the modifiers `session.tools()` was given. */
  execute(args?: Record<string, unknown>, options?: { account?: string }): Promise<ExecuteResult>;
}

/** Told to the model for local tools listed directly, so it does not search for them first. */
export const DIRECT_TOOL_NOTE = '[Direct tool: call it as listed, no search needed.]\n';

export function toolFromItem(item: WireToolItem): SessionToolSchema {
  const output = item.output_parameters && Object.keys(item.output_parameters).length > 0 ? item.output_parameters : undefined;
  return {
    slug: item.slug,
    name: item.name,
    description: item.description ?? '',
    toolkit: { slug: item.toolkit.slug, name: item.toolkit.name, ...(item.toolkit.logo ? { logo: item.toolkit.logo } : {}) },
    inputParameters: { properties: {}, ...(item.input_parameters ?? {}), type: 'object' },
    ...(output ? { outputParameters: output } : {}),
    tags: item.tags ?? [],
    version: item.version ?? '',
    isDeprecated: item.is_deprecated === true,
    noAuth: item.no_auth === true,
    scopes: item.scopes ?? [],
    local: false,
  };
}

export function toolFromLocal(tool: RegisteredCustomTool): SessionToolSchema {
  const toolkit = tool.toolkit ?? tool.extendsToolkit;
  return {
    slug: tool.slug,
    name: tool.name,
    description: `${DIRECT_TOOL_NOTE}${tool.description}`,
    toolkit: toolkit ? { slug: toolkit, name: toolkit } : { slug: 'local', name: 'Local tools' },
    inputParameters: tool.inputSchema,
    ...(tool.outputSchema ? { outputParameters: tool.outputSchema } : {}),
    tags: [],
    version: 'local',
    isDeprecated: false,
    noAuth: tool.extendsToolkit === undefined,
    scopes: [],
    local: true,
  };
}

export const META_TOOLKIT_SLUG = META_TOOLKIT.slug;
