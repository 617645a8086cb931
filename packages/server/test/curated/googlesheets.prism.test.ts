import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));
const id = '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms';

describe('Google Sheets curated tools against the Sheets API description', () => {
  curatedPrismSuite({
    toolkit: 'googlesheets',
    refused: { endpoint: `/v4/spreadsheets/${id}/values/Sheet1`, method: 'GET', parameters: [{ name: 'valueRenderOption', type: 'query', value: 'PRETTY' }] },
    elsewhere: { GOOGLESHEETS_SEARCH_SPREADSHEETS: 'calls the Drive API (checked against the Drive description below)' },
    cases: {
      GOOGLESHEETS_VALUES_GET: {
        args: { spreadsheet_id: id, range: 'Sheet1!A1:D20', value_render_option: 'UNFORMATTED_VALUE' },
        check: hasKeys('range', 'values'),
      },
      GOOGLESHEETS_BATCH_GET: { args: { spreadsheet_id: id, ranges: ['Sheet1!A1:B5', 'Totals!A1'] }, check: hasKeys('ranges') },
      GOOGLESHEETS_VALUES_UPDATE: {
        args: {
          spreadsheet_id: id,
          range: 'Sheet1!A1:B2',
          values: [
            ['Name', 'Score'],
            ['Ana', 9],
          ],
        },
        check: hasKeys('updated_range'),
      },
      GOOGLESHEETS_BATCH_UPDATE: { args: { spreadsheet_id: id, sheet_name: 'Leads', values: [['x', 1]] }, check: hasKeys('updated_cells') },
      GOOGLESHEETS_SPREADSHEETS_VALUES_APPEND: {
        args: { spreadsheet_id: id, range: 'Sheet1', values: [['2026-03-01', 120]], value_input_option: 'RAW' },
        check: hasKeys('updated_range'),
      },
      GOOGLESHEETS_UPSERT_ROWS: {
        // Prism's example sheet has no header row matching these names, so the tool explains that;
        // its first request (reading the sheet) was still validated.
        args: { spreadsheet_id: id, sheet_name: 'Customers', key_column: 'Email', rows: [{ Email: 'ana@x.com', Status: 'paid' }] },
        expectError: /is not in the header row/,
      },
      GOOGLESHEETS_LOOKUP_SPREADSHEET_ROW: {
        args: { spreadsheet_id: id, sheet_name: 'Customers', column: 'Email', value: 'ana@x.com' },
        check: hasKeys('matches'),
      },
      GOOGLESHEETS_GET_SPREADSHEET_INFO: { args: { spreadsheet_id: id }, check: hasKeys('title', 'sheets') },
      GOOGLESHEETS_GET_SHEET_NAMES: { args: { spreadsheet_id: id }, check: hasKeys('sheet_names') },
      GOOGLESHEETS_CREATE_GOOGLE_SHEET1: { args: { title: 'Budget 2026', sheet_names: ['Jan', 'Feb'] }, check: hasKeys('spreadsheet_id', 'url') },
      GOOGLESHEETS_ADD_SHEET: { args: { spreadsheet_id: id, title: 'March', index: 2 }, check: hasKeys('sheet_id') },
      GOOGLESHEETS_DELETE_SHEET: { args: { spreadsheet_id: id, sheet_id: 123 }, check: hasKeys('deleted') },
      GOOGLESHEETS_CLEAR_VALUES: { args: { spreadsheet_id: id, range: 'Sheet1!C:C' }, check: hasKeys('cleared_range') },
    },
  });
});

describe('Google Sheets curated tools that call the Drive API, against the Drive API description', () => {
  curatedPrismSuite({
    toolkit: 'googlesheets',
    descriptionOf: 'googledrive',
    refused: { endpoint: '/drive/v3/files', method: 'GET', parameters: [{ name: 'pageSize', type: 'query', value: 'ten' }] },
    cases: {
      GOOGLESHEETS_SEARCH_SPREADSHEETS: { args: { name_contains: 'Budget', modified_after: '2026-01-01T00:00:00Z' }, check: hasKeys('files') },
    },
  });
});
