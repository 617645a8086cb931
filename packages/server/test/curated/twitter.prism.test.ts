import { describe, expect } from 'vitest';
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
