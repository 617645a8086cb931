export { openApiSource } from './source.js';
export { type OpenApiImportInput, openApiToBundle } from './to-bundle.js';
