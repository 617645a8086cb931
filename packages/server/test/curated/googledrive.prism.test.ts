import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys = (...keys: string[]) => (d: Record<string, unknown>) => expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Google Drive curated tools against the Drive API description', () => {
  curatedPrismSuite({
    toolkit: 'googledrive',
    refused: { endpoint: '/drive/v3/files', method: 'GET', parameters: [{ name: 'pageSize', type: 'query', value: 'ten' }] },
    cases: {
      GOOGLEDRIVE_FIND_FILE: { args: { name_contains: "Bob's Q3", mime_type: 'application/pdf', folder_id: 'f1' }, check: hasKeys('files') },
      GOOGLEDRIVE_LIST_FILES: { args: { folder_id: 'root', page_size: 20 }, check: hasKeys('files') },
      GOOGLEDRIVE_GET_FILE_METADATA: { args: { file_id: 'f1' }, check: hasKeys('id', 'name') },
      GOOGLEDRIVE_DOWNLOAD_FILE: { args: { file_id: 'f1' } },
      GOOGLEDRIVE_EXPORT_GOOGLE_WORKSPACE_FILE: { args: { file_id: 'f1', mime_type: 'text/csv' } },
      GOOGLEDRIVE_CREATE_FOLDER: { args: { folder_name: 'Invoices 2026', parent_id: 'root' }, check: hasKeys('id') },
      GOOGLEDRIVE_MOVE_FILE: { args: { file_id: 'f1', add_parent: 'f2', remove_parents: ['root'] }, check: hasKeys('id') },
      GOOGLEDRIVE_COPY_FILE: { args: { file_id: 'f1', new_name: 'Acme proposal' }, check: hasKeys('id') },
      GOOGLEDRIVE_ADD_FILE_SHARING_PREFERENCE: { args: { file_id: 'f1', role: 'writer', type: 'user', email_address: 'bob@example.com', send_notification: true }, check: hasKeys('permission_id') },
      GOOGLEDRIVE_TRASH_FILE: { args: { file_id: 'f1' }, check: hasKeys('trashed') },
      GOOGLEDRIVE_LIST_COMMENTS: { args: { file_id: 'f1' }, check: hasKeys('comments') },
      GOOGLEDRIVE_CREATE_COMMENT: { args: { file_id: 'f1', content: 'Looks good' }, check: hasKeys('id') },
      GOOGLEDRIVE_GET_ABOUT: { args: {}, check: hasKeys('email') },
    },
  });
});
