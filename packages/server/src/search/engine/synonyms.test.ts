import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from './params.js';
import { parseQuery } from './query.js';
import { expandSynonyms } from './synonyms.js';
import { splitWords, tokenize } from './tokenizer.js';

const expansions = (text: string) => expandSynonyms(splitWords(text)).map((e) => e.term);

describe('synonym expansion', () => {
  it('normalises tool verbs', () => {
    expect(expansions('remove a file')).toEqual(expect.arrayContaining(tokenize('delete erase')));
    expect(expansions('make a ticket')).toEqual(expect.arrayContaining(tokenize('create add')));
    expect(expansions('modify the page')).toEqual(expect.arrayContaining(tokenize('update edit')));
    expect(expansions('dm Bob')).toEqual(expect.arrayContaining(tokenize('send message')));
  });

  it('understands multi-word triggers', () => {
    expect(expansions('look up the weather')).toEqual(expect.arrayContaining(tokenize('find search')));
    expect(expansions('get all repos')).toEqual(expect.arrayContaining(tokenize('list')));
    expect(expansions('send an e-mail')).toEqual(expect.arrayContaining(tokenize('email')));
  });

  it('does not repeat terms already in the query', () => {
    expect(expansions('delete and remove')).not.toContain('delet');
    expect(expansions('delete and remove')).not.toContain('remov');
  });

  it('weights synonyms below the original words', () => {
    const terms = parseQuery('remove the file', DEFAULT_PARAMS);
    const weight = (t: string) => terms.find((q) => q.term === t)?.weight;
    expect(weight('remov')).toBe(1);
    expect(weight('delet')).toBeGreaterThan(0);
    expect(weight('delet')!).toBeLessThan(1);
    expect(terms.find((q) => q.term === 'delet')?.original).toBe(false);
  });
});
