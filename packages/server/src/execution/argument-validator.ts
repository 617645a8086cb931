import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Validates tool arguments against the tool's JSON Schema. Compiled validators are cached per
 * schema object (catalog tools are immutable, so identity is a safe key).
 */
export class ArgumentValidator {
  // Formats are not checked: providers disagree on them (int64, uri-template, …), and the provider is the judge.
  readonly #ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, validateFormats: false });
  readonly #cache = new WeakMap<object, ValidateFunction>();

  /** Problems, one line each naming the argument; empty when the arguments are valid. */
  problems(schema: Record<string, unknown>, args: unknown, root = 'arguments'): string[] {
    let validate = this.#cache.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#cache.set(schema, validate);
    }
    if (validate(args)) return [];
    return (validate.errors ?? []).slice(0, 20).map((e) => describe(e, root));
  }
}

function describe(error: ErrorObject, root: string): string {
  const path = `${root}${error.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}`;
  switch (error.keyword) {
    case 'required':
      return `${path}.${String(error.params.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${path}.${String(error.params.additionalProperty)}: is not an argument of this tool`;
    case 'enum':
      return `${path}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${path}: ${error.message ?? 'is invalid'}`;
  }
}
