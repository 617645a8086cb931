import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

/** Distinct schemas kept compiled; the server validates only the few fixed elicitation forms. */
const CAPACITY = 64;

/**
 * The JSON Schema validator every per-request MCP server shares. Left to itself, the SDK builds a
 * fresh Ajv instance (with its formats) inside each `new Server()`: about 6 % of the CPU of an MCP
 * tools/call in a profile, for a validator that the call does not even use. Compiled validators are
 * kept by the schema's JSON text (bounded), so one Ajv instance serves every request without its
 * cache growing with each new schema object.
 */
class SharedSchemaValidator implements jsonSchemaValidator {
  readonly #ajv = new AjvJsonSchemaValidator();
  readonly #compiled = new Map<string, JsonSchemaValidator<unknown>>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const text = JSON.stringify(schema);
    let validator = this.#compiled.get(text);
    if (!validator) {
      validator = this.#ajv.getValidator<unknown>(schema);
      this.#compiled.set(text, validator);
      if (this.#compiled.size > CAPACITY) this.#compiled.delete(this.#compiled.keys().next().value!);
    }
    return validator as JsonSchemaValidator<T>;
  }
}

export const sharedSchemaValidator: jsonSchemaValidator = new SharedSchemaValidator();
