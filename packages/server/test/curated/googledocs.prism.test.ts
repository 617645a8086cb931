import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Google Docs curated tools against the Docs API description', () => {
  curatedPrismSuite({
    toolkit: 'googledocs',
    refused: { endpoint: '/v1/documents/d1', method: 'GET', parameters: [{ name: 'suggestionsViewMode', type: 'query', value: 'SOMETIMES' }] },
    elsewhere: {
      GOOGLEDOCS_SEARCH_DOCUMENTS: 'calls the Drive API (checked against the Drive description below)',
      GOOGLEDOCS_COPY_DOCUMENT: 'calls the Drive API (checked against the Drive description below)',
      GOOGLEDOCS_EXPORT_DOCUMENT_AS_PDF: 'calls the Drive API (checked against the Drive description below)',
    },
    cases: {
      GOOGLEDOCS_CREATE_DOCUMENT: { args: { title: 'Notes', text: 'Hello' }, check: hasKeys('document_id', 'url') },
      GOOGLEDOCS_CREATE_DOCUMENT_MARKDOWN: { args: { title: 'Brief', markdown: '# Goal\n- ship\n1. plan\ntext' }, check: hasKeys('document_id') },
      GOOGLEDOCS_GET_DOCUMENT_BY_ID: { args: { document_id: 'd1' } },
      GOOGLEDOCS_UPDATE_DOCUMENT_MARKDOWN: { args: { document_id: 'd1', markdown: '## New\nbody' } },
      GOOGLEDOCS_INSERT_TEXT_ACTION: { args: { document_id: 'd1', text: 'The end.' }, check: hasKeys('edited') },
      GOOGLEDOCS_REPLACE_ALL_TEXT: { args: { document_id: 'd1', find_text: '{{client}}', replace_text: 'Acme' }, check: hasKeys('document_id') },
      GOOGLEDOCS_DELETE_CONTENT_RANGE: { args: { document_id: 'd1', start_index: 1, end_index: 10 }, check: hasKeys('edited') },
      GOOGLEDOCS_INSERT_TABLE_ACTION: { args: { document_id: 'd1', rows: 3, columns: 4 }, check: hasKeys('edited') },
      GOOGLEDOCS_UPDATE_EXISTING_DOCUMENT: {
        args: { document_id: 'd1', edit_requests: [{ updateTextStyle: { range: { startIndex: 1, endIndex: 6 }, textStyle: { bold: true }, fields: 'bold' } }] },
        check: hasKeys('replies'),
      },
    },
  });
});

describe('Google Docs curated tools that call the Drive API, against the Drive API description', () => {
  curatedPrismSuite({
    toolkit: 'googledocs',
    descriptionOf: 'googledrive',
    refused: { endpoint: '/drive/v3/files', method: 'GET', parameters: [{ name: 'pageSize', type: 'query', value: 'ten' }] },
    cases: {
      GOOGLEDOCS_SEARCH_DOCUMENTS: { args: { query: "Bob's roadmap", modified_after: '2026-01-01T00:00:00Z', max_results: 5 }, check: hasKeys('files') },
      GOOGLEDOCS_COPY_DOCUMENT: { args: { document_id: 'd1', title: 'Offer letter - Ana', folder_id: 'f9' }, check: hasKeys('document_id') },
      GOOGLEDOCS_EXPORT_DOCUMENT_AS_PDF: { args: { document_id: 'd1' }, check: hasKeys('document_id', 'mime_type', 'content_base64', 'size_bytes') },
    },
  });
});
