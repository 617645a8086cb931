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
