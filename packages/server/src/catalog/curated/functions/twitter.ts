import { randomBytes } from 'node:crypto';
import { dropUndefined } from './gmail-message.js';
import { type CuratedFunction, ToolInputError } from './types.js';

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

/**
 * An image (or subtitle file) uploaded in one request, as multipart/form-data with the bytes
 * base64-encoded in their part (Content-Transfer-Encoding: base64, which the endpoint accepts).
 * Returns the media id a post then attaches.
 */
export const uploadMedia: CuratedFunction = async ({ args, api }) => {
  const data = args['media_base64'];
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/=\s_-]+$/.test(data)) throw new ToolInputError('media_base64 must be the file, base64-encoded');
  const boundary = `toolrouter-${randomBytes(12).toString('hex')}`;
  const field = (name: string, value: string) => [`--${boundary}`, `Content-Disposition: form-data; name="${name}"`, '', value];
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="media"',
    `Content-Type: ${String(args['media_type'])}`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(data, 'base64').toString('base64'),
    ...field('media_category', String(args['media_category'])),
    ...field('media_type', String(args['media_type'])),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const answer = (await api.json({ method: 'POST', path: '/2/media/upload', body, contentType: `multipart/form-data; boundary=${boundary}` })) as {
    data?: { id?: string; media_key?: string; size?: number; expires_after_secs?: number };
  };
  return dropUndefined({
    media_id: answer.data?.id,
    media_key: answer.data?.media_key,
    size_bytes: answer.data?.size,
    expires_after_secs: answer.data?.expires_after_secs,
  });
};
