import { describe, expect, it } from 'vitest';
import { type InlineOptions, inlineSchema } from './schema-inline.js';

const REQUEST: InlineOptions = { maxDepth: 4, direction: 'request', maxDescription: 50, keepExamples: true };

describe('inlineSchema', () => {
  it('turns OpenAPI 3.0 nullable into JSON Schema type arrays, enums and alternatives', () => {
    expect(inlineSchema({ type: 'string', nullable: true }, REQUEST)).toEqual({ type: ['string', 'null'] });
    expect(inlineSchema({ type: 'string', enum: ['a'], nullable: true }, REQUEST)).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(inlineSchema({ oneOf: [{ type: 'string' }], nullable: true }, REQUEST)).toEqual({
      oneOf: [{ type: 'string' }, { type: 'null' }],
    });
  });

  it('drops readOnly properties from requests and writeOnly ones from responses', () => {
    const schema = {
      type: 'object',
      required: ['id', 'name', 'password'],
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } },
    };
    expect(inlineSchema(schema, REQUEST)).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, password: { type: 'string' } },
      required: ['name', 'password'],
    });
    const response = inlineSchema(schema, { ...REQUEST, direction: 'response' });
    expect(Object.keys(response['properties'] as object)).toEqual(['id', 'name']);
  });

  it('keeps constraints, converts 3.0 examples and boolean exclusive bounds, truncates descriptions', () => {
    const out = inlineSchema(
      { type: 'integer', minimum: 1, exclusiveMinimum: true, maximum: 10, example: 3, description: 'x'.repeat(80), 'x-internal': 1 },
      REQUEST,
    );
    expect(out).toMatchObject({ type: 'integer', exclusiveMinimum: 1, maximum: 10, examples: [3] });
    expect(out).not.toHaveProperty('minimum');
    expect(out).not.toHaveProperty('x-internal');
    expect((out['description'] as string).length).toBeLessThanOrEqual(50);
  });

  it('collapses the allOf-with-one-member idiom, letting the outer description win', () => {
    const target = { type: 'object', description: 'inner', properties: { a: { type: 'string' } } };
    expect(inlineSchema({ allOf: [target], description: 'outer' }, REQUEST)).toEqual({
      type: 'object',
      description: 'outer',
      properties: { a: { type: 'string' } },
    });
  });

  it('cuts a recursive (cyclic) schema at its first recurrence', () => {
    const node: Record<string, unknown> = { type: 'object', description: 'A tree node', properties: { name: { type: 'string' } } };
    (node['properties'] as Record<string, unknown>)['children'] = { type: 'array', items: node };
    const out = inlineSchema(node, REQUEST);
    const items = (out['properties'] as any).children.items;
    expect(items).toEqual({ type: 'object', description: 'A tree node (Recursive structure; not described further.)' });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('stops expanding at the depth limit but keeps type and description there', () => {
    const deep = (level: number): Record<string, unknown> =>
      level === 0 ? { type: 'string' } : { type: 'object', description: `level ${level}`, properties: { next: deep(level - 1) } };
    const out = inlineSchema(deep(8), REQUEST);
    let node: any = out;
    for (let i = 0; i < 4; i += 1) node = node.properties.next;
    expect(node).toEqual({ type: 'object', description: 'level 4 (nested fields not described)' });
  });

  it('does not let a property named __proto__ vanish or change the prototype', () => {
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}');
    const out = inlineSchema(schema, REQUEST);
    expect(Object.keys(out['properties'] as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out['properties'])).toBe(Object.prototype);
  });
});
