import { describe, expect, it } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Google Drive curated tools against the Drive API description', () => {
  curatedPrismSuite({
    toolkit: 'googledrive',
    refused: { endpoint: '/drive/v3/files', method: 'GET', parameters: [{ name: 'pageSize', type: 'query', value: 'ten' }] },
    elsewhere: {
      GOOGLEDRIVE_UPLOAD_FILE: 'the upload path (/upload/drive/v3/files) is not in the description',
      GOOGLEDRIVE_CREATE_FILE_FROM_TEXT: 'the upload path (/upload/drive/v3/files) is not in the description',
    },
    cases: {
      GOOGLEDRIVE_FIND_FILE: { args: { name_contains: "Bob's Q3", mime_type: 'application/pdf', folder_id: 'f1' }, check: hasKeys('files') },
      GOOGLEDRIVE_LIST_FILES: { args: { folder_id: 'root', page_size: 20 }, check: hasKeys('files') },
      GOOGLEDRIVE_GET_FILE_METADATA: { args: { file_id: 'f1' }, check: hasKeys('id', 'name') },
      GOOGLEDRIVE_DOWNLOAD_FILE: { args: { file_id: 'f1' } },
      GOOGLEDRIVE_EXPORT_GOOGLE_WORKSPACE_FILE: { args: { file_id: 'f1', mime_type: 'text/csv' } },
      GOOGLEDRIVE_CREATE_FOLDER: { args: { folder_name: 'Invoices 2026', parent_id: 'root' }, check: hasKeys('id') },
      GOOGLEDRIVE_MOVE_FILE: { args: { file_id: 'f1', add_parent: 'f2', remove_parents: ['root'] }, check: hasKeys('id') },
      GOOGLEDRIVE_COPY_FILE: { args: { file_id: 'f1', new_name: 'Acme proposal' }, check: hasKeys('id') },
      GOOGLEDRIVE_ADD_FILE_SHARING_PREFERENCE: {
        args: { file_id: 'f1', role: 'writer', type: 'user', email_address: 'bob@example.com', send_notification: true },
        check: hasKeys('permission_id'),
      },
      GOOGLEDRIVE_TRASH_FILE: { args: { file_id: 'f1' }, check: hasKeys('trashed') },
      GOOGLEDRIVE_LIST_COMMENTS: { args: { file_id: 'f1' }, check: hasKeys('comments') },
      GOOGLEDRIVE_CREATE_COMMENT: { args: { file_id: 'f1', content: 'Looks good' }, check: hasKeys('id') },
      GOOGLEDRIVE_GET_ABOUT: { args: {}, check: hasKeys('email') },
    },
  });
});

/** The multipart body, split into its parts, as Drive's upload reference describes it. */
function parts(body: unknown): string[] {
  const text = String(body);
  const boundary = /^--([^\r\n]+)\r\n/.exec(text)?.[1] ?? '';
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => p.trim());
}

describe('Drive uploads against recorded contracts (multipart upload)', () => {
  curatedContractSuite({
    toolkit: 'googledrive',
    only: true,
    auth: { mode: 'OAUTH2', token: 'ya29.test' },
    cases: {
      GOOGLEDRIVE_UPLOAD_FILE: {
        args: { file_name: 'chart.png', content_base64: 'iVBORw==', mime_type: 'image/png', parent_id: 'f9' },
        requests: [
          {
            method: 'POST',
            path: '/upload/drive/v3/files',
            query: { uploadType: 'multipart', fields: 'id, name, mimeType, webViewLink, parents' },
            body: expect.any(String),
          },
        ],
        responses: [{ body: { id: 'n1', name: 'chart.png', mimeType: 'image/png', webViewLink: 'https://drive/n1', parents: ['f9'] } }],
        result: { id: 'n1', name: 'chart.png', mime_type: 'image/png', web_view_link: 'https://drive/n1', parents: ['f9'] },
      },
      GOOGLEDRIVE_CREATE_FILE_FROM_TEXT: {
        args: { file_name: 'Notes', text: 'Hello – world', as_google_doc: true },
        requests: [
          {
            method: 'POST',
            path: '/upload/drive/v3/files',
            query: { uploadType: 'multipart', fields: 'id, name, mimeType, webViewLink, parents' },
            body: expect.any(String),
          },
        ],
        responses: [{ body: { id: 'n2', name: 'Notes', mimeType: 'application/vnd.google-apps.document' } }],
        result: (d) => expect(d).toEqual({ id: 'n2', name: 'Notes', mime_type: 'application/vnd.google-apps.document' }),
      },
    },
  });
});

describe('Drive multipart bodies', () => {
  it('carry the metadata as JSON and the content base64-encoded', async () => {
    const { createFileFromText } = await import('../../src/catalog/curated/functions/googledrive.js');
    let sent: { body?: unknown; contentType?: string } = {};
    const api = { json: async (r: { body?: unknown; contentType?: string }) => ((sent = r), { id: 'x' }) };
    await createFileFromText({
      args: { file_name: 'Notes', text: 'Hello – world', as_google_doc: true },
      api: api as never,
      tool: {} as never,
      toolkit: {} as never,
      now: () => new Date(),
    });
    expect(sent.contentType).toMatch(/^multipart\/related; boundary=toolrouter-[0-9a-f]+$/);
    const [meta, content] = parts(sent.body);
    expect(JSON.parse(meta!.split('\r\n\r\n')[1]!)).toEqual({ name: 'Notes', mimeType: 'application/vnd.google-apps.document' });
    expect(content).toContain('Content-Type: text/plain');
    expect(Buffer.from(content!.split('\r\n\r\n')[1]!, 'base64').toString('utf8')).toBe('Hello – world');
  });
});
