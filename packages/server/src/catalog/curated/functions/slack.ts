import type { ProviderClient } from '../../../execution/backends/provider-client.js';
import { ProviderFailure } from '../../../execution/backends/provider-client.js';
import { dropUndefined } from './gmail-message.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/** Slack answers HTTP 200 with `{ok: false, error}` on failure; curated tools report that as an error. */
interface SlackAnswer {
  ok?: boolean;
  error?: string;
  [field: string]: unknown;
}

async function slack(api: ProviderClient, method: 'GET' | 'POST', name: string, fields: Record<string, unknown>): Promise<SlackAnswer> {
  const request =
    method === 'GET'
      ? { method, path: `/api/${name}`, query: fields }
      : { method, path: `/api/${name}`, body: dropUndefined(fields), contentType: 'application/x-www-form-urlencoded' };
  const answer = (await api.json(request)) as SlackAnswer;
  if (answer.ok === false) throw new ProviderFailure({ data: answer, error: `Slack refused ${name}: ${answer.error ?? 'unknown error'}` });
  return answer;
}

/** Channel, DM and user ids (C…, G…, D…, U…, W…); anything else is taken as a channel name. */
const SLACK_ID = /^[CGDUW][A-Z0-9]{6,}$/;
const MAX_PAGES = 10;

/** The id of a channel given by id, "#name" or "name" (public and private channels the token can see). */
export async function channelId(api: ProviderClient, channel: string): Promise<string> {
  const trimmed = channel.trim();
  if (SLACK_ID.test(trimmed)) return trimmed;
  const name = trimmed.replace(/^#/, '').toLowerCase();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await slack(api, 'GET', 'conversations.list', { types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, cursor });
    const found = (answer['channels'] as Array<{ id?: string; name?: string }> | undefined)?.find((c) => c.name?.toLowerCase() === name);
    if (found?.id) return found.id;
    cursor = (answer['response_metadata'] as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    if (!cursor) break;
  }
  throw new ToolInputError(
    `no channel named "#${name}" is visible to this Slack connection; use SLACK_LIST_ALL_CHANNELS to see the names, or pass a channel id`,
  );
}

/** Posts a message to a channel given by name or id (or a user id, for a DM). */
export const sendMessage: CuratedFunction = async ({ args, api }) => {
  if (args['text'] === undefined && args['blocks'] === undefined) throw new ToolInputError('give text, blocks or both');
  const channel = await channelId(api, String(args['channel']));
  const answer = await slack(api, 'POST', 'chat.postMessage', {
    channel,
    text: args['text'],
    blocks: Array.isArray(args['blocks']) ? JSON.stringify(args['blocks']) : undefined,
    thread_ts: args['thread_ts'],
    reply_broadcast: args['reply_broadcast'],
    unfurl_links: args['unfurl_links'],
    mrkdwn: args['mrkdwn'],
  });
  const message = answer['message'] as { text?: string } | undefined;
  return dropUndefined({ ok: true, channel: answer['channel'], ts: answer['ts'], text: message?.text });
};
