import type { ToolkitBundle } from '@toolrouter/core';

/**
 * The toolkit pointed at a stand-in for its provider: its base URL and every other origin its curated
 * functions may call (`binding.origins`, e.g. Drive for Docs tools) become `url`.
 */
export function pointedAt(bundle: ToolkitBundle, url: string): ToolkitBundle {
  const tools = bundle.tools.map((tool) => {
    const binding = tool.binding;
    if (binding.kind !== 'function' || !binding.origins) return tool;
    const origins = Object.fromEntries(Object.keys(binding.origins).map((name) => [name, url]));
    return { ...tool, binding: { ...binding, origins } };
  });
  return { toolkit: { ...bundle.toolkit, base_url: url }, tools };
}
