import type { ToolSource } from '../../source.js';
import { type OpenApiImportInput, openApiToBundle } from './to-bundle.js';

/** A tool source over one OpenAPI document; conversion runs on each `load()`. */
export function openApiSource(input: OpenApiImportInput): ToolSource {
  return {
    name: `openapi:${input.slug}`,
    load: async () => [await openApiToBundle(input)],
  };
}
