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

  it('expands an abbreviation to the words of its phrase', () => {
    expect(expansions('merge PR 17')).toEqual(expect.arrayContaining(tokenize('pull request')));
    expect(expansions('list my open PRs')).toEqual(expect.arrayContaining(tokenize('pull request')));
    expect(expansions('approve the MR')).toEqual(expect.arrayContaining(tokenize('merge request')));
    // The phrase itself adds the abbreviation, as before.
    expect(expansions('merge a pull request')).toEqual(expect.arrayContaining(tokenize('pr')));
  });

  it('does not repeat terms already in the query', () => {
    expect(expansions('delete and remove')).not.toContain('delet');
    expect(expansions('delete and remove')).not.toContain('remov');
  });

  it("puts synonyms in their word's concept, weighted below the word itself", () => {
    const concepts = parseQuery('remove the file', { ...DEFAULT_PARAMS, synonymWeight: 0.2 });
    const remove = concepts.find((c) => c.members[0]!.term === 'remov')!;
    expect(remove).toMatchObject({ weight: 1, original: true });
    const del = remove.members.find((m) => m.term === 'delet')!;
    expect(del.rel).toBe(0.2);
    expect(del.original).toBe(false);
    // a synonym is not a concept of its own: one "remove" is one thing asked for
    expect(concepts.some((c) => c.members[0]!.term === 'delet')).toBe(false);
  });

  it('gives the action verb its own synonym weight', () => {
    const p = { ...DEFAULT_PARAMS, synonymWeight: 0.1, actionSynonymWeight: 0.6 };
    const open = parseQuery('open an issue', p, new Set(['open'])).find((c) => c.members[0]!.term === 'open')!;
    expect(open.action).toBe(true);
    expect(open.members.find((m) => m.term === 'creat')?.rel).toBe(0.6);
    const state = parseQuery('list open issues', p, new Set(['list'])).find((c) => c.members[0]!.term === 'open')!;
    expect(state.action).toBe(false);
    expect(state.members.find((m) => m.term === 'creat')?.rel).toBe(0.1);
  });
});
