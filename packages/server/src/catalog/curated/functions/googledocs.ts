import { copyFile, exportFile, searchFilesOfType } from './drive-search.js';
import { dropUndefined } from './gmail-message.js';
import type { CuratedContext, CuratedFunction } from './types.js';

/**
 * Google Docs from markdown-ish text. Docs has no markdown import, so the text is inserted as
 * plain paragraphs and the markup becomes formatting requests: "#".."######" headings get the
 * named heading styles, "- "/"* " and "1. " lines become bulleted and numbered lists. Indices are
 * UTF-16 code units, as in JavaScript strings.
 */
export function markdownRequests(markdown: string, at: number): Array<Record<string, unknown>> {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const plain: string[] = [];
  const styles: Array<Record<string, unknown>> = [];
  let index = at;
  for (const line of lines) {
    let text = line;
    let heading: number | undefined;
    let bullet: string | undefined;
    const h = /^(#{1,6}) (.*)$/.exec(line);
    const b = /^[-*] (.*)$/.exec(line);
    const n = /^\d+[.)] (.*)$/.exec(line);
    if (h) [heading, text] = [h[1]!.length, h[2]!];
    else if (b) [bullet, text] = ['BULLET_DISC_CIRCLE_SQUARE', b[1]!];
    else if (n) [bullet, text] = ['NUMBERED_DECIMAL_ALPHA_ROMAN', n[1]!];
    const range = { startIndex: index, endIndex: index + text.length + 1 };
    if (heading !== undefined)
      styles.push({ updateParagraphStyle: { range, paragraphStyle: { namedStyleType: `HEADING_${heading}` }, fields: 'namedStyleType' } });
    if (bullet !== undefined) styles.push({ createParagraphBullets: { range, bulletPreset: bullet } });
    plain.push(text);
    index += text.length + 1;
  }
  return [{ insertText: { location: { index: at }, text: `${plain.join('\n')}\n` } }, ...styles];
}

const docPath = (id: unknown) => `/v1/documents/${encodeURIComponent(String(id))}`;

async function create(ctx: CuratedContext, content: string | undefined, markdown: boolean): Promise<Record<string, unknown>> {
  const doc = (await ctx.api.json({ method: 'POST', path: '/v1/documents', body: { title: String(ctx.args['title'] ?? 'Untitled document') } })) as {
    documentId?: string;
    title?: string;
  };
  if (content) {
    const requests = markdown ? markdownRequests(content, 1) : [{ insertText: { location: { index: 1 }, text: content } }];
    await ctx.api.json({ method: 'POST', path: `${docPath(doc.documentId)}:batchUpdate`, body: { requests } });
  }
  return dropUndefined({
    document_id: doc.documentId,
    title: doc.title,
    url: doc.documentId ? `https://docs.google.com/document/d/${doc.documentId}/edit` : undefined,
  });
}

export const createDocument: CuratedFunction = (ctx) => create(ctx, ctx.args['text'] as string | undefined, false);
export const createDocumentMarkdown: CuratedFunction = (ctx) => create(ctx, ctx.args['markdown'] as string | undefined, true);

/** Replaces a document's whole body with the given markdown. */
export const updateDocumentMarkdown: CuratedFunction = async (ctx) => {
  const path = docPath(ctx.args['document_id']);
  const doc = (await ctx.api.json({ method: 'GET', path })) as { body?: { content?: Array<{ endIndex?: number }> }; title?: string; documentId?: string };
  const end = Math.max(...(doc.body?.content ?? []).map((c) => c.endIndex ?? 1), 1);
  // The final newline of the body cannot be deleted; everything before it can.
  const clear = end > 2 ? [{ deleteContentRange: { range: { startIndex: 1, endIndex: end - 1 } } }] : [];
  const markdown = String(ctx.args['markdown'] ?? '');
  await ctx.api.json({ method: 'POST', path: `${path}:batchUpdate`, body: { requests: [...clear, ...(markdown ? markdownRequests(markdown, 1) : [])] } });
  return dropUndefined({ document_id: doc.documentId ?? ctx.args['document_id'], title: doc.title, replaced: true });
};

const DOCUMENT = 'application/vnd.google-apps.document';

/** Google Docs the account can see, by words in their text or title (through the Drive API). */
export const searchDocuments: CuratedFunction = (ctx) => searchFilesOfType(ctx, DOCUMENT);

/** A copy of a document (a template filled later, a version to edit), through the Drive API. */
export const copyDocument: CuratedFunction = async (ctx) => {
  const copy = await copyFile(ctx, String(ctx.args['document_id']));
  return dropUndefined({ document_id: copy['id'], title: copy['name'], url: copy['url'] });
};

/** The document as a PDF file, base64-encoded (Drive's export, at most 10 MB). */
export const exportDocumentAsPdf: CuratedFunction = async (ctx) => {
  const id = String(ctx.args['document_id']);
  const pdf = await exportFile(ctx, id, 'application/pdf');
  return { document_id: id, mime_type: 'application/pdf', ...pdf };
};
