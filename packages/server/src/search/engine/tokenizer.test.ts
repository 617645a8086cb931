import { describe, expect, it } from 'vitest';
import { isAscii, scanAscii, splitWords, termOf, tokenize } from './tokenizer.js';
import { TermIdSink, WordTable } from './word-table.js';

describe('tokenize', () => {
  it('splits camelCase, PascalCase and acronyms', () => {
    expect(splitWords('getUserProfile', false)).toEqual(['get', 'user', 'profile']);
    expect(splitWords('parseHTTPResponse', false)).toEqual(['parse', 'http', 'response']);
  });

  it('splits snake_case, kebab-case and paths', () => {
    expect(splitWords('pull_request-number/v2', false)).toEqual(['pull', 'request', 'number', 'v2']);
    expect(tokenize('GITHUB_CREATE_AN_ISSUE')).toEqual(['github', 'creat', 'issu']);
  });

  it('keeps two-part brand words whole as well', () => {
    expect(splitWords('GitHub')).toEqual(['git', 'hub', 'github']);
    expect(tokenize('on GitHub')).toContain('github');
  });

  it('stems (Porter2) so inflections meet', () => {
    expect(tokenize('sending emails')).toEqual(tokenize('send email'));
    expect(tokenize('repositories')).toEqual(tokenize('repository'));
  });

  it('drops English stop words and single letters', () => {
    expect(tokenize('list all of the issues in a repo')).toEqual(['list', 'issu', 'repo']);
    expect(tokenize('a b c')).toEqual([]);
  });

  it('folds accents and possessives', () => {
    expect(tokenize("Beyoncé's songs")).toEqual(tokenize('beyonce song'));
  });
});

describe('the indexing path (word table over text ranges)', () => {
  const tricky = [
    'getHTTPResponse v2Api ABcDEf XMLHttpRequest iOS GitHub PayPal2 aB 2FA',
    "Messi's don't it's_ 'quoted' rock 'n' roll",
    'snake_case-kebab/path.dotted  many   spaces\nand\ttabs',
    'Beyoncé naïve Привет 東京 mixed ASCII and Ünïcödé',
    '',
  ];

  it('yields exactly the terms of tokenize, for ASCII and non-ASCII text', () => {
    const vocab = new Map<string, number>();
    const names: string[] = [];
    const table = new WordTable((w) => {
      const t = termOf(w);
      if (t === undefined) return -1;
      if (!vocab.has(t)) vocab.set(t, vocab.size), names.push(t);
      return vocab.get(t)!;
    }, 1_000);
    const sink = new TermIdSink(table);
    for (const text of [...tricky, ...tricky]) {
      sink.out = [];
      if (isAscii(text)) scanAscii(text, true, sink);
      else for (const w of splitWords(text)) sink.word(w, 0, w.length, false);
      expect(sink.out.map((id) => names[id])).toEqual(tokenize(text));
    }
  });

  it('stays bounded: a full table starts over and still answers correctly', () => {
    let resolved = 0;
    const table = new WordTable((w) => (resolved++, w.length), 4);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'alpha'];
    for (const w of words) expect(table.lookup(w, 0, w.length, false)).toBe(w.length);
    expect(table.size).toBeLessThanOrEqual(4);
    expect(resolved).toBe(6); // "alpha" was forgotten when the table started over
  });
});
