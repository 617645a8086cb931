// Module resolution hook for scripts/node22-resolve.mjs: the one native module, from its Node 22 build.
const NODE22_BUILD = new URL('../node_modules/.cache/node22/better-sqlite3/lib/index.js', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'better-sqlite3') return { url: NODE22_BUILD, format: 'commonjs', shortCircuit: true };
  return nextResolve(specifier, context);
}
