import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));
const channel = 'C0123456789';
const ts = '1712345678.000100';

describe('Slack bot curated tools against the Slack Web API description', () => {
  curatedPrismSuite({
    toolkit: 'slackbot',
    credentialParams: ['token'],
    refused: { endpoint: '/api/reactions.add', method: 'POST', body: { channel } },
    cases: {
      SLACKBOT_SEND_MESSAGE: { args: { channel, text: 'Build passed' }, check: hasKeys('ts') },
      SLACKBOT_CHAT_POST_MESSAGE: { args: { channel, text: 'Hello', thread_ts: ts }, check: hasKeys('ts') },
      SLACKBOT_FETCH_CONVERSATION_HISTORY: { args: { channel }, check: hasKeys('messages') },
      SLACKBOT_FETCH_MESSAGE_THREAD_FROM_A_CONVERSATION: { args: { channel, ts }, check: hasKeys('messages') },
      SLACKBOT_LIST_ALL_CHANNELS: { args: {}, check: hasKeys('channels') },
      SLACKBOT_LIST_ALL_USERS: { args: {}, check: hasKeys('members') },
      SLACKBOT_FIND_USER_BY_EMAIL_ADDRESS: { args: { email: 'jane@example.com' }, check: hasKeys('id') },
      SLACKBOT_ADD_REACTION_TO_AN_ITEM: { args: { channel, timestamp: ts, name: 'eyes' }, check: hasKeys('ok') },
      SLACKBOT_UPDATES_A_SLACK_MESSAGE: { args: { channel, ts, text: 'Edited' }, check: hasKeys('ts') },
      SLACKBOT_JOIN_AN_EXISTING_CONVERSATION: { args: { channel }, check: hasKeys('id') },
    },
  });
});
