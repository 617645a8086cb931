import type { Tool, Toolkit } from '@toolrouter/core';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { ProviderClient, ProviderRequest } from '../../../execution/backends/provider-client.js';
import { createEmailDraft, fetchEmails, fetchMessageById, replyToThread, sendEmail } from './gmail.js';
import { type CuratedContext, ToolInputError } from './types.js';

/** A stand-in for the toolkit's API: records requests and answers from a script. */
function fakeApi(answer: (request: ProviderRequest) => unknown) {
  const requests: ProviderRequest[] = [];
  const api = {
    json: async (request: ProviderRequest) => {
      requests.push(request);
      return answer(request);
    },
  } as unknown as ProviderClient;
  return { api, requests };
}

function context(args: Record<string, unknown>, api: ProviderClient): CuratedContext {
  return { args, api, tool: {} as Tool, toolkit: {} as Toolkit, now: () => new Date('2026-01-01T00:00:00Z') };
}

/** The MIME message a request carried, parsed back by a real mail parser. */
async function parsedRaw(request: ProviderRequest | undefined) {
  const body = request?.body as { raw?: string; message?: { raw?: string } };
  const raw = body.raw ?? body.message?.raw;
  expect(raw).toMatch(/^[A-Za-z0-9+/=]+$/); // standard base64, as the Gmail description requires
  return simpleParser(Buffer.from(raw!, 'base64'));
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('gmail.send_email', () => {
  it('builds a MIME message with recipients, subject, HTML body and attachments that parses back', async () => {
    const { api, requests } = fakeApi(() => ({ id: 'm1', threadId: 't1', labelIds: ['SENT'] }));
    const result = await sendEmail(
      context(
        {
          user_id: 'me',
          recipient_email: 'Bob <bob@example.com>',
          extra_recipients: ['eve@example.com'],
          cc: ['carol@example.com'],
          bcc: ['dan@example.com'],
          subject: 'Q3 numbers – final',
          body: '<p>See <b>attached</b>.</p>',
          is_html: true,
          attachments: [
            { filename: 'q3.csv', text: 'quarter,revenue\nQ3,42\n' },
            { filename: 'chart.png', content_base64: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'), mime_type: 'image/png' },
          ],
        },
        api,
      ),
    );
    expect(result).toEqual({ id: 'm1', thread_id: 't1', label_ids: ['SENT'] });
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/gmail/v1/users/me/messages/send' });
    const mail = await parsedRaw(requests[0]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(['bob@example.com', 'eve@example.com']);
    expect(mail.cc && !Array.isArray(mail.cc) ? mail.cc.value.map((a) => a.address) : []).toEqual(['carol@example.com']);
    expect(mail.bcc && !Array.isArray(mail.bcc) ? mail.bcc.value.map((a) => a.address) : []).toEqual(['dan@example.com']);
    expect(mail.subject).toBe('Q3 numbers – final');
    expect(mail.html).toContain('<b>attached</b>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString('base64')])).toEqual([
      ['q3.csv', 'text/csv', Buffer.from('quarter,revenue\nQ3,42\n').toString('base64')],
      ['chart.png', 'image/png', 'iVBORw=='],
    ]);
  });

  it('sends plain text unless is_html is set', async () => {
    const { api, requests } = fakeApi(() => ({ id: 'm2' }));
    await sendEmail(context({ recipient_email: 'bob@example.com', subject: 'Hi', body: 'Plain <b>text</b>' }, api));
    const mail = await parsedRaw(requests[0]);
    expect(mail.text?.trim()).toBe('Plain <b>text</b>');
    expect(mail.html).toBe(false);
  });

  it('refuses a message without recipients and an attachment without content', async () => {
    const { api } = fakeApi(() => ({}));
    await expect(sendEmail(context({ body: 'x' }, api))).rejects.toThrow(ToolInputError);
    await expect(sendEmail(context({ recipient_email: 'a@example.com', body: 'x', attachments: [{ filename: 'a.txt' }] }, api))).rejects.toThrow(
      /exactly one of content_base64 or text/,
    );
  });
});

describe('gmail.reply_to_thread', () => {
  it('answers the last sender in the same thread with threading headers and a Re: subject', async () => {
    const thread = {
      messages: [
        {
          id: 'a',
          payload: {
            headers: [
              { name: 'Subject', value: 'Offsite' },
              { name: 'From', value: 'ann@example.com' },
              { name: 'Message-ID', value: '<a@mail>' },
            ],
          },
        },
        {
          id: 'b',
          payload: {
            headers: [
              { name: 'Subject', value: 'Re: Offsite' },
              { name: 'From', value: 'Carol <carol@example.com>' },
              { name: 'Message-ID', value: '<b@mail>' },
              { name: 'References', value: '<a@mail>' },
            ],
          },
        },
      ],
    };
    const { api, requests } = fakeApi((request) => (request.method === 'GET' ? thread : { id: 'c', threadId: 't9' }));
    const result = await replyToThread(context({ user_id: 'me', thread_id: 't9', body: 'Count me in' }, api));
    expect(result).toEqual({ id: 'c', thread_id: 't9' });
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/gmail/v1/users/me/threads/t9' });
    expect((requests[1]!.body as { threadId: string }).threadId).toBe('t9');
    const mail = await parsedRaw(requests[1]);
    expect(mail.subject).toBe('Re: Offsite');
    expect(mail.inReplyTo).toBe('<b@mail>');
    expect(mail.references).toEqual(['<a@mail>', '<b@mail>']);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe('carol@example.com');
  });
});

describe('gmail.create_email_draft', () => {
  it('saves the composed message as a draft, in a thread when asked', async () => {
    const { api, requests } = fakeApi(() => ({ id: 'r1', message: { id: 'm1', threadId: 't1' } }));
    const result = await createEmailDraft(
      context({ user_id: 'me', recipient_email: 'bob@example.com', subject: 'Later', body: 'Draft body', thread_id: 't1' }, api),
    );
    expect(result).toEqual({ draft_id: 'r1', message_id: 'm1', thread_id: 't1' });
    expect((requests[0]!.body as { message: { threadId: string } }).message.threadId).toBe('t1');
    expect((await parsedRaw(requests[0])).text?.trim()).toBe('Draft body');
  });
});

describe('reading mail', () => {
  // The shape of users.messages.get with format=full (the Gmail description's Message schema).
  const message = {
    id: 'm1',
    threadId: 't1',
    labelIds: ['INBOX', 'UNREAD'],
    snippet: 'Hello Bob',
    payload: {
      mimeType: 'multipart/mixed',
      headers: [
        { name: 'From', value: 'Alice <alice@example.com>' },
        { name: 'To', value: 'bob@example.com' },
        { name: 'Subject', value: 'Contract' },
        { name: 'Date', value: 'Tue, 1 Dec 2026 10:00:00 +0000' },
        { name: 'Message-ID', value: '<x@mail>' },
      ],
      parts: [
        {
          mimeType: 'multipart/alternative',
          parts: [
            { mimeType: 'text/plain', body: { data: b64url('Hello Bob,\nsigned copy attached.') } },
            { mimeType: 'text/html', body: { data: b64url('<p>Hello Bob,</p><p>signed copy attached.</p>') } },
          ],
        },
        { mimeType: 'application/pdf', filename: 'contract.pdf', body: { attachmentId: 'att1', size: 1234 } },
      ],
    },
  };

  it('decodes the text body and lists attachments by id', async () => {
    const { api, requests } = fakeApi(() => message);
    const result = await fetchMessageById(context({ user_id: 'me', message_id: 'm1' }, api));
    expect(requests[0]).toMatchObject({ path: '/gmail/v1/users/me/messages/m1', query: { format: 'full' } });
    expect(result).toEqual({
      id: 'm1',
      thread_id: 't1',
      subject: 'Contract',
      from: 'Alice <alice@example.com>',
      to: 'bob@example.com',
      date: 'Tue, 1 Dec 2026 10:00:00 +0000',
      snippet: 'Hello Bob',
      label_ids: ['INBOX', 'UNREAD'],
      message_id_header: '<x@mail>',
      body_text: 'Hello Bob,\nsigned copy attached.',
      attachments: [{ filename: 'contract.pdf', mime_type: 'application/pdf', size: 1234, attachment_id: 'att1' }],
    });
  });

  it('turns an HTML-only mail into readable text and returns the HTML on request', async () => {
    const htmlOnly = {
      id: 'm2',
      payload: { mimeType: 'text/html', headers: [], body: { data: b64url('<div>Hi&nbsp;there</div><script>x()</script><p>Bye</p>') } },
    };
    const { api } = fakeApi(() => htmlOnly);
    const result = await fetchMessageById(context({ user_id: 'me', message_id: 'm2', include_html: true }, api));
    expect(result['body_text']).toBe('Hi there\n Bye');
    expect(result['body_html']).toContain('<p>Bye</p>');
  });

  it('fetch_emails lists then reads each message as a summary', async () => {
    const { api, requests } = fakeApi((request) =>
      request.path.endsWith('/messages')
        ? { messages: [{ id: 'm1' }, { id: 'm2' }], nextPageToken: 'p2', resultSizeEstimate: 40 }
        : { ...message, id: request.path.split('/').at(-1) },
    );
    const result = await fetchEmails(context({ user_id: 'me', query: 'from:alice', max_results: 2 }, api));
    expect(requests[0]?.query).toMatchObject({ q: 'from:alice', maxResults: 2 });
    expect(requests.slice(1).map((r) => r.query?.['format'])).toEqual(['metadata', 'metadata']);
    expect(result).toMatchObject({ next_page_token: 'p2', result_size_estimate: 40 });
    expect((result['messages'] as Array<Record<string, unknown>>).map((m) => [m['id'], m['subject'], m['from']])).toEqual([
      ['m1', 'Contract', 'Alice <alice@example.com>'],
      ['m2', 'Contract', 'Alice <alice@example.com>'],
    ]);
  });
});
