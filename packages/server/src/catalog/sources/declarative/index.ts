/** Hand-written toolkits: YAML files validated on load. See loader.ts for the entry points. */
export { declarativeSource, defaultToolkitsDir, loadDeclarativeToolkits, parseDeclarativeToolkit } from './loader.js';
export { deriveHints } from './binding.js';
export { DECLARATIVE_FORMAT, ToolkitFileSchema, type ToolkitFile } from './schema.js';
