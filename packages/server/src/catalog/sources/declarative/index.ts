/** Hand-written toolkits: YAML files validated on load. See loader.ts for the entry points. */

export { deriveHints } from './binding.js';
export { declarativeSource, defaultToolkitsDir, loadDeclarativeToolkits, parseDeclarativeToolkit } from './loader.js';
export { DECLARATIVE_FORMAT, type ToolkitFile, ToolkitFileSchema } from './schema.js';
