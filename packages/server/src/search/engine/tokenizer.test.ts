import { describe, expect, it } from 'vitest';
import { splitWords, tokenize } from './tokenizer.js';

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
