import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const pdf = Buffer.from('%PDF-1.4 test').toString('base64');

describe('Gmail curated tools against the Gmail API description', () => {
  curatedPrismSuite({
    toolkit: 'gmail',
    refused: { endpoint: '/gmail/v1/users/me/messages', method: 'GET', parameters: [{ name: 'maxResults', type: 'query', value: 'many' }] },
    cases: {
      GMAIL_SEND_EMAIL: {
        args: {
          recipient_email: 'bob@example.com',
          cc: ['carol@example.com'],
          subject: 'Q3',
          body: '<b>Numbers</b>',
          is_html: true,
          attachments: [{ filename: 'q3.pdf', content_base64: pdf }],
        },
        check: (d) => expect(Object.keys(d)).toEqual(expect.arrayContaining(['id', 'thread_id'])),
      },
      GMAIL_REPLY_TO_THREAD: { args: { thread_id: 't1', body: 'Thanks!', recipient_email: 'dan@example.com' }, check: (d) => expect(d).toHaveProperty('id') },
      GMAIL_CREATE_EMAIL_DRAFT: {
        args: { recipient_email: 'bob@example.com', subject: 'Draft', body: 'Later' },
        check: (d) => expect(d).toHaveProperty('draft_id'),
      },
      GMAIL_SEND_DRAFT: { args: { draft_id: 'r123' }, check: (d) => expect(d).toHaveProperty('thread_id') },
      GMAIL_LIST_DRAFTS: { args: { max_results: 5 }, check: (d) => expect(Array.isArray(d['drafts'])).toBe(true) },
      GMAIL_DELETE_DRAFT: { args: { draft_id: 'r123' }, check: (d) => expect(d).toEqual({ deleted: true }) },
      GMAIL_FETCH_EMAILS: {
        args: { query: 'is:unread', max_results: 3, label_ids: ['INBOX'] },
        check: (d) => {
          const messages = d['messages'] as Array<Record<string, unknown>>;
          expect(messages.length).toBeGreaterThan(0);
          expect(Object.keys(messages[0]!)).toEqual(expect.arrayContaining(['id', 'thread_id', 'snippet']));
        },
      },
      GMAIL_FETCH_MESSAGE_BY_MESSAGE_ID: { args: { message_id: 'm1', include_html: true }, check: (d) => expect(d).toHaveProperty('body_text') },
      GMAIL_FETCH_MESSAGE_BY_THREAD_ID: { args: { thread_id: 't1' }, check: (d) => expect(Array.isArray(d['messages'])).toBe(true) },
      GMAIL_LIST_THREADS: { args: { query: 'budget', max_results: 5 }, check: (d) => expect(Array.isArray(d['threads'])).toBe(true) },
      GMAIL_GET_ATTACHMENT: { args: { message_id: 'm1', attachment_id: 'a1' }, check: (d) => expect(d).toHaveProperty('data_base64url') },
      GMAIL_GET_PROFILE: { args: {}, check: (d) => expect(d).toHaveProperty('email_address') },
      GMAIL_LIST_LABELS: { args: {}, check: (d) => expect(Object.keys((d['labels'] as object[])[0]!)).toEqual(expect.arrayContaining(['id', 'name'])) },
      GMAIL_ADD_LABEL_TO_EMAIL: {
        args: { message_id: 'm1', add_label_ids: ['STARRED'], remove_label_ids: ['UNREAD'] },
        check: (d) => expect(d).toHaveProperty('label_ids'),
      },
      GMAIL_MODIFY_THREAD_LABELS: { args: { thread_id: 't1', remove_label_ids: ['INBOX'] }, check: (d) => expect(d).toHaveProperty('id') },
      GMAIL_CREATE_LABEL: { args: { label_name: 'Invoices', label_list_visibility: 'labelShow' }, check: (d) => expect(d).toHaveProperty('name') },
      GMAIL_REMOVE_LABEL: { args: { label_id: 'Label_1' }, check: (d) => expect(d).toEqual({ deleted: true }) },
      GMAIL_MOVE_TO_TRASH: { args: { message_id: 'm1' }, check: (d) => expect(d).toHaveProperty('id') },
      GMAIL_BATCH_MODIFY_MESSAGES: { args: { message_ids: ['m1', 'm2'], remove_label_ids: ['UNREAD'] }, check: (d) => expect(d).toEqual({ modified: 2 }) },
      GMAIL_BATCH_DELETE_MESSAGES: { args: { message_ids: ['m1'] }, check: (d) => expect(d).toEqual({ deleted: 1 }) },
      GMAIL_DELETE_MESSAGE: { args: { message_id: 'm1' }, check: (d) => expect(d).toEqual({ deleted: true }) },
      GMAIL_UNTRASH_MESSAGE: { args: { message_id: 'm1' }, check: (d) => expect(d).toHaveProperty('id') },
      GMAIL_PATCH_LABEL: {
        args: { label_id: 'Label_1', name: 'Expenses', background_color: '#16a766', text_color: '#ffffff' },
        check: (d) => expect(d).toHaveProperty('name'),
      },
      GMAIL_LIST_SEND_AS: { args: {}, check: (d) => expect(Array.isArray(d['addresses'])).toBe(true) },
    },
  });
});
