// Trims converted schemas to what a model and search use: no vendor extensions (x-*), no example
// payloads, and result schemas only a few levels deep. Argument schemas keep their full depth
// (the converter already bounds it) because a call must be valid against them.

const OUTPUT_DEPTH = 3;
const OUTPUT_DESCRIPTION = 300;

function clean(value, depth, maxDepth, maxDescription) {
  if (Array.isArray(value)) return value.map((v) => clean(v, depth, maxDepth, maxDescription));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('x-') || key === 'example' || key === 'examples') continue;
    if (key === 'description' && typeof child === 'string' && child.length > maxDescription) {
      out[key] = `${child.slice(0, maxDescription - 1).trimEnd()}…`;
      continue;
    }
    // `properties` maps names to schemas: its own keys are never dropped as extensions.
    if (key === 'properties' && child && typeof child === 'object' && !Array.isArray(child)) {
      if (depth >= maxDepth) continue;
      out[key] = Object.fromEntries(Object.entries(child).map(([name, s]) => [name, clean(s, depth + 1, maxDepth, maxDescription)]));
      continue;
    }
    if ((key === 'items' || key === 'additionalProperties') && depth >= maxDepth) continue;
    out[key] = clean(child, key === 'items' ? depth + 1 : depth, maxDepth, maxDescription);
  }
  return out;
}

export function trimInputSchema(schema) {
  return clean(schema, 0, Infinity, Infinity);
}

export function trimOutputSchema(schema) {
  return clean(schema, 0, OUTPUT_DEPTH, OUTPUT_DESCRIPTION);
}
