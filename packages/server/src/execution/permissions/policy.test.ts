import { describe, expect, it } from 'vitest';
import { argumentsHash } from './args-hash.js';
import { permissionFor } from './policy.js';

const config = (permissions: Record<string, unknown> | undefined) => ({ user_id: 'u', ...(permissions ? { experimental: { permissions } } : {}) }) as never;

describe('permissionFor', () => {
  it('allows everything without a permissions block', () => {
    expect(permissionFor(config(undefined), 'T', 'ca_1')).toEqual({ kind: 'allow' });
  });

  it.each([
    ['allow_all', { kind: 'allow' }],
    ['ask_every_call', { kind: 'ask', rule: 'ask_always' }],
    ['ask_once_per_session', { kind: 'ask', rule: 'ask_once' }],
  ])('maps the default %s', (def, expected) => {
    expect(permissionFor(config({ default: def }), 'T', null)).toMatchObject(expected);
  });

  it('prefers the exact tool key over the account-wide one, and either over the default', () => {
    const c = config({ default: 'ask_every_call', overrides: { '*:ca_1': 'always_deny', 'T:ca_1': 'always_allow', 'U:__none__': 'ask_once' } });
    expect(permissionFor(c, 'T', 'ca_1')).toEqual({ kind: 'allow' });
    expect(permissionFor(c, 'X', 'ca_1')).toMatchObject({ kind: 'deny', because: 'override "*:ca_1" is always_deny' });
    expect(permissionFor(c, 'X', 'ca_2')).toMatchObject({ kind: 'ask', rule: 'ask_always' });
    expect(permissionFor(c, 'U', null)).toMatchObject({ kind: 'ask', rule: 'ask_once' });
  });
});

describe('argumentsHash', () => {
  it('ignores key order but not values', () => {
    expect(argumentsHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(argumentsHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(argumentsHash({ a: 1 })).not.toBe(argumentsHash({ a: 2 }));
    expect(argumentsHash({ a: [1, 2] })).not.toBe(argumentsHash({ a: [2, 1] }));
  });
});
