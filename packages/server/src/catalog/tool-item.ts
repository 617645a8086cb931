import { META_TOOLKIT, type MetaToolDefinition, type Tool, type ToolItem, type Toolkit } from '@toolrouter/core';
import { absoluteLogo } from '../connections/link-origin.js';
import { resultSchema } from './result-shape.js';

/**
 * The logo the reference clients read, as an absolute URL on `origin` (the one the caller used,
 * connections/link-origin.ts). They require a string (a null fails their schema), so a toolkit without
 * one answers the empty string.
 */
export function logoOf(toolkit: Pick<Toolkit, 'logo'> | undefined, origin: string): string {
  return absoluteLogo(toolkit?.logo, origin) ?? '';
}

/** No tool here is deprecated; the block is filled in because clients read it unguarded. */
function notDeprecated(name: string, version: string, logo: string): ToolItem['deprecated'] {
  return { is_deprecated: false, version, available_versions: [version], displayName: name, toolkit: { logo } };
}

/** A catalog tool as the API shows it. */
export function toolItem(tool: Tool, toolkit: Toolkit | undefined, origin: string): ToolItem {
  const logo = logoOf(toolkit, origin);
  return {
    slug: tool.slug,
    name: tool.name,
    description: tool.description,
    human_description: tool.description,
    toolkit: { slug: tool.toolkit, name: toolkit?.name ?? tool.toolkit, logo },
    input_parameters: tool.input_parameters,
    output_parameters: resultSchema(tool.output_parameters),
    tags: tool.tags,
    version: tool.version,
    available_versions: [tool.version],
    is_deprecated: false,
    deprecated: notDeprecated(tool.name, tool.version, logo),
    no_auth: tool.no_auth,
    scopes: tool.scopes,
    scope_requirements: null,
  };
}

const RESULT_ENVELOPE = {
  type: 'object',
  properties: {
    data: { type: 'object', additionalProperties: true },
    error: { type: ['string', 'null'] },
    successful: { type: 'boolean' },
  },
  required: ['data', 'successful'],
};

export function metaToolItem(meta: MetaToolDefinition): ToolItem {
  return {
    slug: meta.slug,
    name: meta.name,
    description: meta.description,
    human_description: meta.description,
    toolkit: { ...META_TOOLKIT, logo: '' },
    input_parameters: meta.input_parameters,
    output_parameters: RESULT_ENVELOPE,
    tags: meta.tags,
    version: '1',
    available_versions: ['1'],
    is_deprecated: false,
    deprecated: notDeprecated(meta.name, '1', ''),
    no_auth: true,
    scopes: [],
    scope_requirements: null,
  };
}
