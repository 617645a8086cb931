import { describe, expect, it } from 'vitest';
import { sharedSchemaValidator } from './shared-schema-validator.js';

const form = () => ({ type: 'object' as const, properties: { approve: { type: 'boolean' as const } }, required: ['approve'] });

describe('sharedSchemaValidator', () => {
  it('compiles a schema once per JSON text, whatever object carries it, and validates with it', () => {
    const first = sharedSchemaValidator.getValidator(form());
    expect(sharedSchemaValidator.getValidator(form())).toBe(first);
    expect(first({ approve: true }).valid).toBe(true);
    expect(first({ approve: 'yes' }).valid).toBe(false);
    expect(first({}).errorMessage).toMatch(/approve/);
  });
});
