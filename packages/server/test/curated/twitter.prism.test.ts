import { describe, expect, it } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('X (Twitter) curated tools against the X API v2 description', () => {
  curatedPrismSuite({
    toolkit: 'twitter',
    refused: {
      endpoint: '/2/tweets/search/recent',
      method: 'GET',
      parameters: [
        { name: 'query', type: 'query', value: 'nasa' },
        { name: 'max_results', type: 'query', value: '5000' },
      ],
    },
    elsewhere: { TWITTER_UPLOAD_MEDIA: 'the v2 media upload endpoint is newer than the pinned description (2.62)' },
    cases: {
      TWITTER_CREATION_OF_A_POST: { args: { text: 'Release 2.0 is out', reply_to_post_id: '1460323737035677698' }, check: hasKeys('id') },
      TWITTER_POST_DELETE_BY_POST_ID: { args: { post_id: '1460323737035677698' } },
      TWITTER_POST_LOOKUP_BY_POST_ID: { args: { post_id: '1460323737035677698' }, check: hasKeys('id', 'text') },
      TWITTER_RECENT_SEARCH: { args: { query: 'from:nasa -is:retweet', max_results: 10 }, check: hasKeys('posts') },
      TWITTER_USER_LOOKUP_ME: { args: {}, check: hasKeys('id', 'username') },
      TWITTER_USER_LOOKUP_BY_USERNAME: { args: { username: '@nasa' }, check: hasKeys('id') },
      TWITTER_USER_HOME_TIMELINE_BY_USER_ID: { args: { user_id: '2244994945', max_results: 5 }, check: hasKeys('posts') },
      TWITTER_RETWEET_POST: { args: { tweet_id: '1460323737035677698' }, check: hasKeys('retweeted') },
      TWITTER_USER_LIKE_POST: { args: { tweet_id: '1460323737035677698' }, check: hasKeys('liked') },
      TWITTER_SEND_A_NEW_MESSAGE_TO_A_USER: { args: { participant_id: '2244994945', text: 'Demo is ready' } },
      TWITTER_FOLLOWERS_BY_USER_ID: { args: { user_id: '2244994945', max_results: 50 }, check: hasKeys('users') },
      TWITTER_FOLLOWING_BY_USER_ID: { args: { user_id: '2244994945' }, check: hasKeys('users') },
    },
  });
});

describe('X media upload against a recorded contract (POST /2/media/upload, one request)', () => {
  curatedContractSuite({
    toolkit: 'twitter',
    only: true,
    auth: { mode: 'OAUTH2', token: 'x-test' },
    cases: {
      TWITTER_UPLOAD_MEDIA: {
        args: { media_base64: 'iVBORw0KGgo=', media_type: 'image/png' },
        requests: [{ method: 'POST', path: '/2/media/upload', body: expect.any(String), headers: { authorization: 'Bearer x-test' } }],
        responses: [{ body: { data: { id: '1880028106020515840', media_key: '3_1880028106020515840', size: 8, expires_after_secs: 86400 } } }],
        result: { media_id: '1880028106020515840', media_key: '3_1880028106020515840', size_bytes: 8, expires_after_secs: 86400 },
      },
    },
  });

  it('sends the file base64-encoded in a multipart/form-data part, with its category and type', async () => {
    const { uploadMedia } = await import('../../src/catalog/curated/functions/twitter.js');
    let sent: { body?: unknown; contentType?: string } = {};
    const api = { json: async (r: { body?: unknown; contentType?: string }) => ((sent = r), { data: { id: '1' } }) };
    const args = { media_base64: 'iVBORw0KGgo=', media_type: 'image/png', media_category: 'dm_image' };
    await uploadMedia({ args, api: api as never, tool: {} as never, toolkit: {} as never, now: () => new Date() });
    expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=toolrouter-[0-9a-f]+$/);
    const boundary = /boundary=(.+)$/.exec(sent.contentType!)![1]!;
    const parts = String(sent.body)
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => p.trim());
    expect(parts[0]).toBe('Content-Disposition: form-data; name="media"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=');
    expect(parts.slice(1)).toEqual([
      'Content-Disposition: form-data; name="media_category"\r\n\r\ndm_image',
      'Content-Disposition: form-data; name="media_type"\r\n\r\nimage/png',
    ]);
  });
});
