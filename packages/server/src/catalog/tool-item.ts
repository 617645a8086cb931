import { META_TOOLKIT, type MetaToolDefinition, type Tool, type ToolItem, type Toolkit } from '@toolrouter/core';
import { absoluteLogo } from '../connections/link-origin.js';
import { resultSchema } from './result-shape.js';

/** A catalog tool as the API shows it. */
export function toolItem(tool: Tool, toolkit: Toolkit | undefined): ToolItem {
  const logo = absoluteLogo(toolkit?.logo);
  return {
    slug: tool.slug,
    name: tool.name,
    description: tool.description,
    human_description: tool.description,
    // The reference client rejects a null logo, so it is left out when there is none.
    toolkit: { slug: tool.toolkit, name: toolkit?.name ?? tool.toolkit, ...(logo ? { logo } : {}) },
    input_parameters: tool.input_parameters,
    output_parameters: resultSchema(tool.output_parameters),
    tags: tool.tags,
    version: tool.version,
    available_versions: [tool.version],
    is_deprecated: false,
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
    toolkit: { ...META_TOOLKIT },
    input_parameters: meta.input_parameters,
    output_parameters: RESULT_ENVELOPE,
    tags: meta.tags,
    version: '1',
    available_versions: ['1'],
    is_deprecated: false,
    no_auth: true,
    scopes: [],
    scope_requirements: null,
  };
}
