import { describe, expect, it } from 'vitest';
import type { IndexedTool } from '../types.js';
import { explainMatch } from './explain.js';

const issue: IndexedTool = {
  slug: 'GITHUB_CREATE_AN_ISSUE',
  toolkit: 'github',
  toolkitName: 'GitHub',
  toolkitDescription: 'Code hosting',
  name: 'Create an issue',
  description: 'Opens a new issue in a repository.',
  inputSchema: {
    type: 'object',
    properties: { repo: { type: 'string', description: 'Repository name' }, labels: { type: 'array', description: 'Labels to add' } },
  },
  tags: [],
};

describe('explainMatch', () => {
  it('names the parts of the tool each request word was found in, stemmed like the index', () => {
    const e = explainMatch('Create issues on GitHub with labels for the weekend', issue);
    expect(e.matched).toEqual([
      { word: 'create', term: 'creat', parts: ['name'], via: 'word' },
      { word: 'issues', term: 'issu', parts: ['name', 'description'], via: 'word' },
      { word: 'github', term: 'git hub github', parts: ['toolkit'], via: 'word' },
      { word: 'labels', term: 'label', parts: ['paramNames', 'paramText'], via: 'word' },
    ]);
    // Stop words ("on", "with", "for", "the") are neither matched nor missing.
    expect(e.unmatched).toEqual(['weekend']);
  });

  it('credits learned queries and synonyms', () => {
    const learned = explainMatch('file a bug', issue, ['file a bug report']);
    expect(learned.matched.find((m) => m.word === 'bug')).toMatchObject({ parts: ['learned'], via: 'word' });
    const synonym = explainMatch('make a ticket', { ...issue, description: 'Opens a new ticket.' });
    const make = synonym.matched.find((m) => m.word === 'make');
    expect(make).toMatchObject({ via: 'synonym' });
    expect(make!.parts).toContain('name');
  });
});
