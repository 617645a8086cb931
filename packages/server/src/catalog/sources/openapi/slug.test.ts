import { TOOL_SLUG_PATTERN } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { assignSlugs, fitSlug, slugWords, toolkitPrefix } from './slug.js';

describe('slugWords', () => {
  it('splits prose on anything that is not a letter or digit, dropping apostrophes and accents', () => {
    expect(slugWords("Get a user's café (v2)")).toEqual(['GET', 'A', 'USERS', 'CAFE', 'V2']);
  });

  it('keeps brand names whole in prose but splits camelCase identifiers on request', () => {
    expect(slugWords('List GitHub apps')).toEqual(['LIST', 'GITHUB', 'APPS']);
    expect(slugWords('listPetsByID', true)).toEqual(['LIST', 'PETS', 'BY', 'ID']);
    expect(slugWords('issues/create-comment', true)).toEqual(['ISSUES', 'CREATE', 'COMMENT']);
  });

  it('turns a toolkit slug into its tool prefix', () => {
    expect(toolkitPrefix('google-sheets')).toBe('GOOGLE_SHEETS');
  });
});

describe('fitSlug', () => {
  it('cuts at a word boundary within 60 characters and drops a dangling stop word', () => {
    const words = slugWords('Set a code security configuration as a default for an enterprise');
    const slug = fitSlug('GITHUB', words);
    expect(slug).toBe('GITHUB_SET_A_CODE_SECURITY_CONFIGURATION_AS_A_DEFAULT');
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('cuts a single over-long word mid-word rather than producing an empty slug', () => {
    const slug = fitSlug('X', ['A'.repeat(100)]);
    expect(slug).toHaveLength(60);
    expect(slug).toMatch(TOOL_SLUG_PATTERN);
  });
});

describe('assignSlugs', () => {
  it('keeps unique slugs, lets the first of a collision keep it and moves the rest to their next candidate', () => {
    const slugs = assignSlugs('API', [
      [
        ['GET', 'ITEM'],
        ['ITEMS', 'GET'],
      ],
      [
        ['GET', 'ITEM'],
        ['LEGACY', 'GET', 'ITEM'],
      ],
      [['LEGACY', 'GET', 'ITEM']],
    ]);
    // The third operation wants LEGACY_GET_ITEM alone, so it is reserved for it; the second
    // operation falls through to a numeric suffix instead of stealing it.
    expect(slugs).toEqual(['API_GET_ITEM', 'API_GET_ITEM_2', 'API_LEGACY_GET_ITEM']);
  });

  it('is deterministic and always unique', () => {
    const candidates = Array.from({ length: 5 }, () => [['SAME']]);
    const first = assignSlugs('T', candidates);
    expect(new Set(first).size).toBe(5);
    expect(assignSlugs('T', candidates)).toEqual(first);
  });
});
