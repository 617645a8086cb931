import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('YouTube curated tools against the YouTube Data API description', () => {
  curatedPrismSuite({
    toolkit: 'youtube',
    refused: {
      endpoint: '/youtube/v3/search',
      method: 'GET',
      parameters: [
        { name: 'part', type: 'query', value: 'snippet' },
        { name: 'maxResults', type: 'query', value: 'many' },
      ],
    },
    cases: {
      YOUTUBE_SEARCH_YOU_TUBE: { args: { query: 'sourdough', order: 'viewCount' }, check: hasKeys('results') },
      YOUTUBE_VIDEO_DETAILS: { args: { video_id: 'dQw4w9WgXcQ' }, check: hasKeys('videos') },
      YOUTUBE_LIST_CHANNEL_VIDEOS: { args: { channel_id: 'UCBJycsmduvYEL83R_U4JriQ' }, check: hasKeys('results') },
      YOUTUBE_GET_CHANNEL_ID_BY_HANDLE: { args: { handle: 'mkbhd' }, check: hasKeys('channels') },
      YOUTUBE_GET_CHANNEL_STATISTICS: { args: {}, check: hasKeys('channels') },
      YOUTUBE_LIST_USER_PLAYLISTS: { args: {}, check: hasKeys('playlists') },
      YOUTUBE_LIST_USER_SUBSCRIPTIONS: { args: { max_results: 5 }, check: hasKeys('subscriptions') },
      YOUTUBE_UPDATE_VIDEO: { args: { video_id: 'v1', title: 'New title', tags: ['baking'] }, check: hasKeys('id') },
      YOUTUBE_LIST_CAPTION_TRACK: { args: { video_id: 'v1' }, check: hasKeys('captions') },
      YOUTUBE_LOAD_CAPTIONS: { args: { caption_id: 'c1', format: 'vtt' } },
      YOUTUBE_LIST_PLAYLIST_ITEMS: { args: { playlist_id: 'PL1' }, check: hasKeys('videos') },
      YOUTUBE_LIST_COMMENT_THREADS: { args: { video_id: 'v1', order: 'relevance' }, check: hasKeys('comments') },
    },
  });
});
