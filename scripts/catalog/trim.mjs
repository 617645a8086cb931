// Trims converted schemas to what a model and search use: no vendor extensions (x-*), no example
// payloads, bounded descriptions, and nested objects only a few levels deep. A cut object keeps its
// type and description and accepts any content, so arguments stay valid against it; a few
// descriptions (DocuSign's envelope, nested eight levels deep) would otherwise weigh megabytes.

const OUTPUT_DEPTH = 3;
const OUTPUT_DESCRIPTION = 300;
const INPUT_DESCRIPTION = 1000;
/** Argument schemas are cut one level shallower at a time until their JSON fits this size. */
const INPUT_MAX_CHARS = 40_000;
const INPUT_DEPTHS = [6, 4, 3, 2];

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
  // Nothing may require a property that was cut away.
  if (Array.isArray(out.required) && out.properties === undefined && depth >= maxDepth) delete out.required;
  return out;
}

export function trimInputSchema(schema) {
  let trimmed;
  for (const depth of INPUT_DEPTHS) {
    trimmed = clean(schema, 0, depth, INPUT_DESCRIPTION);
    if (JSON.stringify(trimmed).length <= INPUT_MAX_CHARS) break;
  }
  return trimmed;
}

export function trimOutputSchema(schema) {
  return clean(schema, 0, OUTPUT_DEPTH, OUTPUT_DESCRIPTION);
}
