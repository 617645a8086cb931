import { describe, expect, it } from 'vitest';
import { splitClauses } from './multi-intent.js';

describe('splitClauses', () => {
  it('splits on sequencing words and punctuation', () => {
    expect(splitClauses('find the latest invoice and then email it to Bob')).toEqual(['find the latest invoice', 'email it to Bob']);
    expect(splitClauses('create a repo; add a README. Also invite Alice')).toHaveLength(3);
  });

  it('splits on "and" only between substantial clauses', () => {
    expect(splitClauses('search salt and pepper recipes')).toHaveLength(1);
    expect(splitClauses('search spicy recipes and translate the ingredient list')).toHaveLength(2);
  });

  it('keeps a single intent whole', () => {
    expect(splitClauses('list open issues')).toEqual(['list open issues']);
  });
});
