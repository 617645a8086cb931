/**
 * Gmail's message resource turned into what a model reads: the usual headers by name, the decoded
 * text (and HTML when asked), and attachments listed by id rather than inlined. Gmail has already
 * parsed the MIME tree into `payload`; this only walks it and decodes base64url bodies.
 */

interface GmailPart {
  partId?: string;
  mimeType?: string;
  filename?: string;
  headers?: Array<{ name?: string; value?: string }>;
  body?: { attachmentId?: string; size?: number; data?: string };
  parts?: GmailPart[];
}

export interface GmailMessage {
  id?: string;
  threadId?: string;
  labelIds?: string[];
  snippet?: string;
  internalDate?: string;
  payload?: GmailPart;
}

/** Text bodies longer than this are cut (with a note) so one newsletter cannot flood the context. */
export const MAX_BODY_CHARS = 20_000;

export function header(part: GmailPart | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return part?.headers?.find((h) => h.name?.toLowerCase() === wanted)?.value;
}

/** The short form used in lists: who, what, when, and Gmail's snippet. */
export function summarizeMessage(message: GmailMessage): Record<string, unknown> {
  const head = message.payload;
  return dropUndefined({
    id: message.id,
    thread_id: message.threadId,
    subject: header(head, 'Subject'),
    from: header(head, 'From'),
    to: header(head, 'To'),
    cc: header(head, 'Cc'),
    date: header(head, 'Date') ?? internalDate(message.internalDate),
    snippet: message.snippet,
    label_ids: message.labelIds,
  });
}

/** The full form: the summary plus decoded bodies and the attachment list. */
export function readableMessage(message: GmailMessage, options: { includeHtml: boolean }): Record<string, unknown> {
  const texts: string[] = [];
  const htmls: string[] = [];
  const attachments: Array<Record<string, unknown>> = [];
  const walk = (part: GmailPart | undefined) => {
    if (!part) return;
    const type = (part.mimeType ?? '').toLowerCase();
    if (part.filename || part.body?.attachmentId) {
      attachments.push(
        dropUndefined({ filename: part.filename || undefined, mime_type: part.mimeType, size: part.body?.size, attachment_id: part.body?.attachmentId }),
      );
    } else if (type === 'text/plain' && part.body?.data) {
      texts.push(decode(part.body.data));
    } else if (type === 'text/html' && part.body?.data) {
      htmls.push(decode(part.body.data));
    }
    part.parts?.forEach(walk);
  };
  walk(message.payload);
  const text = texts.join('\n');
  const html = htmls.join('\n');
  return dropUndefined({
    ...summarizeMessage(message),
    message_id_header: header(message.payload, 'Message-ID'),
    // Many mails are HTML only; a rough text version beats nothing for a model.
    body_text: cut(text !== '' ? text : html !== '' ? htmlToText(html) : ''),
    body_html: options.includeHtml && html !== '' ? cut(html) : undefined,
    attachments,
  });
}

function decode(data: string): string {
  return Buffer.from(data, 'base64url').toString('utf8');
}

function cut(text: string): string {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}\n[… ${text.length - MAX_BODY_CHARS} more characters not shown]` : text;
}

/** Just enough to read an HTML-only mail: drop scripts and styles, tags become spaces or line breaks. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}

function internalDate(ms: string | undefined): string | undefined {
  if (ms === undefined || !/^\d+$/.test(ms)) return undefined;
  return new Date(Number(ms)).toISOString();
}

export function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
