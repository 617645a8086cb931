import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Slack curated tools against the Slack Web API description', () => {
  curatedPrismSuite({
    toolkit: 'slack',
    // Slack's description passes the token as a `token` parameter; the router sends it as a bearer header.
    credentialParams: ['token'],
    refused: { endpoint: '/api/reactions.add', method: 'POST', body: { channel: 'C1' } },
    cases: {
      SLACK_SEND_MESSAGE: {
        args: { channel: 'C0123456789', text: 'Deploy *done*', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] },
        check: hasKeys('channel', 'ts'),
      },
      SLACK_CHAT_POST_MESSAGE: {
        args: { channel: 'C0123456789', text: 'Hello', thread_ts: '1712345678.000100', reply_broadcast: true },
        check: hasKeys('channel', 'ts'),
      },
      SLACK_SENDS_A_MESSAGE_TO_A_SLACK_CHANNEL: { args: { channel: 'C0123456789', text: 'Hello' }, check: hasKeys('ts') },
      SLACK_FETCH_CONVERSATION_HISTORY: { args: { channel: 'C0123456789', limit: 20 }, check: (d) => expect(Array.isArray(d['messages'])).toBe(true) },
      SLACK_FETCH_MESSAGE_THREAD_FROM_A_CONVERSATION: {
        args: { channel: 'C0123456789', ts: '1712345678.000100' },
        check: (d) => expect(Array.isArray(d['messages'])).toBe(true),
      },
      SLACK_LIST_ALL_CHANNELS: { args: { types: 'public_channel,private_channel' }, check: (d) => expect(Array.isArray(d['channels'])).toBe(true) },
      SLACK_FIND_CHANNELS: { args: { query: 'eng' }, check: (d) => expect(Array.isArray(d['channels'])).toBe(true) },
      SLACK_LIST_ALL_USERS: { args: { limit: 50 }, check: (d) => expect(Array.isArray(d['members'])).toBe(true) },
      SLACK_FIND_USER_BY_EMAIL_ADDRESS: { args: { email: 'jane@example.com' }, check: hasKeys('id') },
      SLACK_SEARCH_MESSAGES: { args: { query: 'outage in:#ops', sort: 'timestamp' }, check: hasKeys('matches') },
      SLACK_ADD_REACTION_TO_AN_ITEM: { args: { channel: 'C0123456789', timestamp: '1712345678.000100', name: ':thumbsup:' }, check: hasKeys('ok') },
      SLACK_UPDATES_A_SLACK_MESSAGE: { args: { channel: 'C0123456789', ts: '1712345678.000100', text: 'Edited' }, check: hasKeys('ts') },
      SLACK_DELETES_A_MESSAGE_FROM_A_CHAT: { args: { channel: 'C0123456789', ts: '1712345678.000100' }, check: hasKeys('deleted') },
      SLACK_CREATE_CHANNEL: { args: { name: 'project-apollo', is_private: false }, check: hasKeys('id') },
      SLACK_JOIN_AN_EXISTING_CONVERSATION: { args: { channel: 'C0123456789' }, check: hasKeys('id') },
      SLACK_RETRIEVE_CONVERSATION_INFORMATION: { args: { channel: 'C0123456789' }, check: hasKeys('id', 'name') },
      SLACK_INVITE_USERS_TO_A_SLACK_CHANNEL: { args: { channel: 'C0123456789', users: ['U0123456', 'U0654321'] }, check: hasKeys('id') },
      SLACK_SCHEDULES_A_MESSAGE_TO_A_CHANNEL_AT_A_SPECIFIED_TIME: {
        args: { channel: 'C0123456789', text: 'Standup!', post_at: 1893456000 },
        check: hasKeys('scheduled_message_id'),
      },
    },
  });
});
