import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('gives distinct ids of the asked length, across many refills of its random pool', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5_000; i++) ids.add(newId('log'));
    expect(ids.size).toBe(5_000);
    for (const id of ids) expect(id).toMatch(/^log_[A-Za-z0-9_-]{12}$/);
    expect(newId('x', 16)).toMatch(/^x_[A-Za-z0-9_-]{22}$/);
    expect(newId('x', 100)).toMatch(/^x_[A-Za-z0-9_-]{134}$/);
  });
});
