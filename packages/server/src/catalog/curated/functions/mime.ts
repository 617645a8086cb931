import MailComposer from 'nodemailer/lib/mail-composer';
import { ToolInputError } from './types.js';

/** A file to attach, as a model can supply it: base64 content, or plain text for text files. */
export interface AttachmentInput {
  filename: string;
  content_base64?: string;
  text?: string;
  mime_type?: string;
}

export interface MessageInput {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body: string;
  isHtml?: boolean;
  attachments?: AttachmentInput[];
  /** Threading headers of a reply (RFC 5322 section 3.6.4). */
  inReplyTo?: string;
  references?: string[];
}

/**
 * The RFC 5322 message Gmail wants, base64-encoded (Gmail documents base64url, its description
 * says standard base64, and Google's JSON `bytes` accept both; standard satisfies both readings). Nodemailer's MailComposer writes the MIME:
 * headers (with non-ASCII subjects and names encoded), the text or HTML part, attachments. File
 * and URL access are switched off: content only ever comes from the arguments, never from the
 * server's disk or network.
 */
export async function composeRaw(input: MessageInput): Promise<string> {
  const attachments = (input.attachments ?? []).map((a, i) => {
    if ((a.content_base64 === undefined) === (a.text === undefined)) {
      throw new ToolInputError(`attachments[${i}] ("${a.filename}") needs exactly one of content_base64 or text`);
    }
    return {
      filename: a.filename,
      content: a.text !== undefined ? Buffer.from(a.text, 'utf8') : Buffer.from(a.content_base64!, 'base64'),
      ...(a.mime_type ? { contentType: a.mime_type } : {}),
    };
  });
  const composer = new MailComposer({
    to: input.to,
    ...(input.cc?.length ? { cc: input.cc } : {}),
    ...(input.bcc?.length ? { bcc: input.bcc } : {}),
    subject: input.subject ?? '',
    ...(input.isHtml ? { html: input.body } : { text: input.body }),
    attachments,
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references?.length ? { references: input.references } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // Bcc is kept in the headers on purpose: Gmail reads the recipients from them and strips Bcc itself.
  const node = composer.compile();
  (node as unknown as { keepBcc: boolean }).keepBcc = true;
  const message = await node.build();
  return message.toString('base64');
}
