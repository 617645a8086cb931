import type { ToolSource } from '../../source.js';
import { openApiToBundle, type OpenApiImportInput } from './to-bundle.js';

/** A tool source over one OpenAPI document; conversion runs on each `load()`. */
export function openApiSource(input: OpenApiImportInput): ToolSource {
  return {
    name: `openapi:${input.slug}`,
    load: async () => [await openApiToBundle(input)],
  };
}
