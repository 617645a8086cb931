/**
 * The arguments a curated tool's template or function sees: the validated arguments plus the
 * schema's top-level defaults, so `default: primary` in input_parameters is what the API receives
 * when the agent leaves the field out (the validator itself does not fill defaults).
 */
export function withDefaults(schema: { properties?: Record<string, unknown> }, args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (out[name] !== undefined) continue;
    const fallback = (property as { default?: unknown } | null)?.default;
    if (fallback !== undefined) out[name] = structuredClone(fallback);
  }
  return out;
}
