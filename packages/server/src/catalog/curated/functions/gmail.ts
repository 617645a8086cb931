import { mapLimit } from '../../../execution/concurrency.js';
import { dropUndefined, type GmailMessage, header, readableMessage, summarizeMessage } from './gmail-message.js';
import { type AttachmentInput, composeRaw } from './mime.js';
import { type CuratedContext, type CuratedFunction, ToolInputError } from './types.js';

/** Gmail's curated tools that a template cannot express: MIME composition, fan-out reads, threading. */

const users = (ctx: CuratedContext) => `/gmail/v1/users/${encodeURIComponent(String(ctx.args['user_id'] ?? 'me'))}`;
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Recipients, subject, body and attachments from the shared argument names of the sending tools. */
function messageFields(args: Record<string, unknown>) {
  const to = [...list(args['recipient_email'] === undefined ? [] : [args['recipient_email']]), ...list(args['extra_recipients'])];
  const cc = list(args['cc']);
  const bcc = list(args['bcc']);
  return {
    to,
    cc,
    bcc,
    subject: str(args['subject']),
    body: typeof args['body'] === 'string' ? args['body'] : '',
    isHtml: args['is_html'] === true,
    attachments: (args['attachments'] as AttachmentInput[] | undefined) ?? [],
  };
}

function sentShape(message: GmailMessage): Record<string, unknown> {
  return dropUndefined({ id: message.id, thread_id: message.threadId, label_ids: message.labelIds });
}

export const sendEmail: CuratedFunction = async (ctx) => {
  const fields = messageFields(ctx.args);
  if (fields.to.length + fields.cc.length + fields.bcc.length === 0) {
    throw new ToolInputError('give at least one recipient: recipient_email, extra_recipients, cc or bcc');
  }
  const raw = await composeRaw(fields);
  const sent = (await ctx.api.json({ method: 'POST', path: `${users(ctx)}/messages/send`, body: { raw } })) as GmailMessage;
  return sentShape(sent);
};

export const createEmailDraft: CuratedFunction = async (ctx) => {
  const fields = messageFields(ctx.args);
  const threadId = str(ctx.args['thread_id']);
  const raw = await composeRaw(fields);
  const draft = (await ctx.api.json({
    method: 'POST',
    path: `${users(ctx)}/drafts`,
    body: { message: dropUndefined({ raw, threadId }) },
  })) as { id?: string; message?: GmailMessage };
  return dropUndefined({ draft_id: draft.id, message_id: draft.message?.id, thread_id: draft.message?.threadId });
};

/**
 * Replies in a thread: reads the thread's last message for its subject, sender and Message-ID,
 * then sends a message that Gmail and other clients file under the same conversation (threadId
 * plus In-Reply-To/References and a "Re:" subject).
 */
export const replyToThread: CuratedFunction = async (ctx) => {
  const threadId = String(ctx.args['thread_id']);
  const thread = (await ctx.api.json({
    method: 'GET',
    path: `${users(ctx)}/threads/${encodeURIComponent(threadId)}`,
    query: { format: 'metadata', metadataHeaders: ['Subject', 'From', 'Reply-To', 'Message-ID', 'References'] },
  })) as { messages?: GmailMessage[] };
  const last = thread.messages?.at(-1);
  const head = last?.payload;
  const fields = messageFields(ctx.args);
  const to = fields.to.length > 0 ? fields.to : list([header(head, 'Reply-To') ?? header(head, 'From')]);
  if (to.length === 0) throw new ToolInputError('the thread has no sender to reply to; give recipient_email');
  const subject = header(head, 'Subject') ?? '';
  const messageId = header(head, 'Message-ID');
  const references = [...(header(head, 'References') ?? '').split(/\s+/).filter(Boolean), ...(messageId ? [messageId] : [])];
  const raw = await composeRaw({
    ...fields,
    to,
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`.trim(),
    ...(messageId ? { inReplyTo: messageId, references } : {}),
  });
  const sent = (await ctx.api.json({ method: 'POST', path: `${users(ctx)}/messages/send`, body: { raw, threadId } })) as GmailMessage;
  return sentShape(sent);
};

/** The most messages one call fetches details for: each is one more request. */
const MAX_FETCH = 50;

/** Lists messages matching a search, each with subject, sender, date and snippet (one request per message, four at a time). */
export const fetchEmails: CuratedFunction = async (ctx) => {
  const max = Math.min(MAX_FETCH, Number(ctx.args['max_results'] ?? 10));
  const page = (await ctx.api.json({
    method: 'GET',
    path: `${users(ctx)}/messages`,
    query: {
      q: str(ctx.args['query']),
      maxResults: max,
      pageToken: str(ctx.args['page_token']),
      labelIds: list(ctx.args['label_ids']),
      includeSpamTrash: ctx.args['include_spam_trash'] === true ? true : undefined,
    },
  })) as { messages?: Array<{ id?: string }>; nextPageToken?: string; resultSizeEstimate?: number };
  const ids = (page.messages ?? [])
    .map((m) => m.id)
    .filter((id): id is string => typeof id === 'string')
    .slice(0, max);
  const messages = await mapLimit(ids, 4, async (id) => {
    const message = (await ctx.api.json({
      method: 'GET',
      path: `${users(ctx)}/messages/${encodeURIComponent(id)}`,
      query: { format: 'metadata', metadataHeaders: ['Subject', 'From', 'To', 'Cc', 'Date'] },
    })) as GmailMessage;
    return summarizeMessage(message);
  });
  return dropUndefined({ messages, next_page_token: page.nextPageToken, result_size_estimate: page.resultSizeEstimate });
};

export const fetchMessageById: CuratedFunction = async (ctx) => {
  const message = (await ctx.api.json({
    method: 'GET',
    path: `${users(ctx)}/messages/${encodeURIComponent(String(ctx.args['message_id']))}`,
    query: { format: 'full' },
  })) as GmailMessage;
  return readableMessage(message, { includeHtml: ctx.args['include_html'] === true });
};

export const fetchThreadById: CuratedFunction = async (ctx) => {
  const thread = (await ctx.api.json({
    method: 'GET',
    path: `${users(ctx)}/threads/${encodeURIComponent(String(ctx.args['thread_id']))}`,
    query: { format: 'full' },
  })) as { id?: string; messages?: GmailMessage[] };
  const includeHtml = ctx.args['include_html'] === true;
  return dropUndefined({ thread_id: thread.id, messages: (thread.messages ?? []).map((m) => readableMessage(m, { includeHtml })) });
};
