import { createRequire } from 'node:module';
import { importError } from './errors.js';

interface Swagger2OpenApi {
  convertObj(spec: object, options: Record<string, unknown>): Promise<{ openapi: unknown }>;
}

/** swagger2openapi is CommonJS without type declarations; load it lazily, only for 2.0 documents. */
function loadConverter(): Swagger2OpenApi {
  return createRequire(import.meta.url)('swagger2openapi') as Swagger2OpenApi;
}

/** Swagger 2.0 → OpenAPI 3.0. `resolve: false` keeps the converter from following any reference. */
export async function convertSwagger2(spec: object): Promise<unknown> {
  try {
    const result = await loadConverter().convertObj(spec, { patch: true, warnOnly: true, resolve: false });
    return result.openapi;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw importError(`The Swagger 2.0 document could not be converted to OpenAPI 3: ${reason}`, { cause: error });
  }
}
