import type { CuratedFunction } from './types.js';

/**
 * X (Twitter) actions taken "as me": the API puts the acting user's id in the path
 * (/2/users/{id}/likes), so these look the id up first instead of asking the model for it.
 */
async function myId(api: Parameters<CuratedFunction>[0]['api']): Promise<string> {
  const me = (await api.json({ method: 'GET', path: '/2/users/me' })) as { data?: { id?: string } };
  return String(me.data?.id ?? '');
}

export const retweet: CuratedFunction = async ({ args, api }) => {
  const id = await myId(api);
  const answer = (await api.json({ method: 'POST', path: `/2/users/${encodeURIComponent(id)}/retweets`, body: { tweet_id: String(args['tweet_id']) } })) as {
    data?: { retweeted?: boolean };
  };
  return { retweeted: answer.data?.retweeted ?? true, tweet_id: args['tweet_id'] };
};

export const like: CuratedFunction = async ({ args, api }) => {
  const id = await myId(api);
  const answer = (await api.json({ method: 'POST', path: `/2/users/${encodeURIComponent(id)}/likes`, body: { tweet_id: String(args['tweet_id']) } })) as {
    data?: { liked?: boolean };
  };
  return { liked: answer.data?.liked ?? true, tweet_id: args['tweet_id'] };
};
