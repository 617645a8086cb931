export { openApiSource } from './source.js';
export { openApiToBundle, type OpenApiImportInput } from './to-bundle.js';
