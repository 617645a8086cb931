import { describe, expect, it } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';
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
    elsewhere: { YOUTUBE_UPLOAD_VIDEO: 'the upload path (/upload/youtube/v3/videos) is not in the description' },
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

describe('YouTube upload against a recorded contract (multipart upload, as the Data API reference documents it)', () => {
  curatedContractSuite({
    toolkit: 'youtube',
    only: true,
    auth: { mode: 'OAUTH2', token: 'ya29.test' },
    cases: {
      YOUTUBE_UPLOAD_VIDEO: {
        args: { video_base64: 'AAAAGGZ0eXBtcDQy', title: 'Talk', description: 'Recorded live', tags: ['conf'], privacy_status: 'unlisted' },
        requests: [{ method: 'POST', path: '/upload/youtube/v3/videos', query: { uploadType: 'multipart', part: 'snippet,status' }, body: expect.any(String) }],
        responses: [
          { body: { kind: 'youtube#video', id: 'v42', snippet: { title: 'Talk' }, status: { uploadStatus: 'uploaded', privacyStatus: 'unlisted' } } },
        ],
        result: { video_id: 'v42', title: 'Talk', privacy_status: 'unlisted', upload_status: 'uploaded', url: 'https://www.youtube.com/watch?v=v42' },
      },
    },
  });

  it('sends the metadata as JSON and the video base64-encoded', async () => {
    const { uploadVideo } = await import('../../src/catalog/curated/functions/youtube.js');
    let sent: { body?: unknown; contentType?: string } = {};
    const api = { json: async (r: { body?: unknown; contentType?: string }) => ((sent = r), { id: 'x' }) };
    const args = { video_base64: 'AAAAGGZ0eXBtcDQy', mime_type: 'video/mp4', title: 'Talk', category_id: '28', privacy_status: 'private' };
    await uploadVideo({ args, api: api as never, tool: {} as never, toolkit: {} as never, now: () => new Date() });
    expect(sent.contentType).toMatch(/^multipart\/related; boundary=toolrouter-[0-9a-f]+$/);
    const boundary = /boundary=(.+)$/.exec(sent.contentType!)![1]!;
    const [meta, video] = String(sent.body)
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => p.trim());
    expect(JSON.parse(meta!.split('\r\n\r\n')[1]!)).toEqual({ snippet: { title: 'Talk', categoryId: '28' }, status: { privacyStatus: 'private' } });
    expect(video).toContain('Content-Type: video/mp4');
    expect(video!.split('\r\n\r\n')[1]).toBe('AAAAGGZ0eXBtcDQy');
  });
});
