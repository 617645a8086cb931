import { randomBytes } from 'node:crypto';
import { dropUndefined } from './gmail-message.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/**
 * Drive uploads in one request (uploadType=multipart): a multipart/related body whose first part
 * is the file's metadata as JSON and whose second part is its content. The content part is sent
 * base64-encoded (Content-Transfer-Encoding: base64, which Drive accepts) so the body stays ASCII.
 */
export function multipart(metadata: Record<string, unknown>, content: Buffer, mimeType: string): { body: string; contentType: string } {
  const boundary = `toolrouter-${randomBytes(12).toString('hex')}`;
  const body = [
    `--${boundary}`,
    'Content-Type: application/json; charset=UTF-8',
    '',
    JSON.stringify(metadata),
    `--${boundary}`,
    `Content-Type: ${mimeType}`,
    'Content-Transfer-Encoding: base64',
    '',
    content.toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { body, contentType: `multipart/related; boundary=${boundary}` };
}

async function upload(ctx: Parameters<CuratedFunction>[0], content: Buffer, mimeType: string, convertTo?: string): Promise<Record<string, unknown>> {
  const name = String(ctx.args['file_name']);
  const parent = ctx.args['parent_id'];
  const metadata = dropUndefined({ name, mimeType: convertTo, parents: typeof parent === 'string' && parent !== '' ? [parent] : undefined });
  const { body, contentType } = multipart(metadata, content, mimeType);
  const file = (await ctx.api.json({
    method: 'POST',
    path: '/upload/drive/v3/files',
    query: { uploadType: 'multipart', fields: 'id, name, mimeType, webViewLink, parents' },
    body,
    contentType,
  })) as Record<string, unknown>;
  return dropUndefined({ id: file['id'], name: file['name'], mime_type: file['mimeType'], web_view_link: file['webViewLink'], parents: file['parents'] });
}

export const uploadFile: CuratedFunction = async (ctx) => {
  const data = ctx.args['content_base64'];
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/=\s_-]*$/.test(data)) throw new ToolInputError('content_base64 must be the file bytes, base64-encoded');
  return upload(ctx, Buffer.from(data, 'base64'), String(ctx.args['mime_type'] ?? 'application/octet-stream'));
};

/** A text file, or a Google Doc when as_google_doc is set (Drive converts the text on upload). */
export const createFileFromText: CuratedFunction = async (ctx) => {
  const asDoc = ctx.args['as_google_doc'] === true;
  return upload(
    ctx,
    Buffer.from(String(ctx.args['text'] ?? ''), 'utf8'),
    String(ctx.args['mime_type'] ?? 'text/plain'),
    asDoc ? 'application/vnd.google-apps.document' : undefined,
  );
};
