import { describe } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/** Airtable publishes no OpenAPI description; the tools are held to its Web API reference. */
const record = { id: 'rec1', createdTime: '2026-03-01T10:00:00.000Z', fields: { Name: 'Acme', Stage: 'Lead' } };
const shaped = { id: 'rec1', created_time: '2026-03-01T10:00:00.000Z', fields: { Name: 'Acme', Stage: 'Lead' } };

describe('Airtable curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'airtable',
    auth: { mode: 'BEARER_TOKEN', token: 'pat-test' },
    cases: {
      AIRTABLE_LIST_BASES: {
        args: {},
        requests: [{ method: 'GET', path: '/v0/meta/bases', headers: { authorization: 'Bearer pat-test' } }],
        responses: [{ body: { bases: [{ id: 'app1', name: 'CRM', permissionLevel: 'create' }] } }],
        result: { bases: [{ id: 'app1', name: 'CRM', permission_level: 'create' }] },
      },
      AIRTABLE_GET_BASE_SCHEMA: {
        args: { base_id: 'app1' },
        requests: [{ method: 'GET', path: '/v0/meta/bases/app1/tables' }],
        responses: [
          {
            body: {
              tables: [{ id: 'tbl1', name: 'Leads', primaryFieldId: 'fld1', fields: [{ id: 'fld1', name: 'Name', type: 'singleLineText' }], views: [] }],
            },
          },
        ],
        result: { tables: [{ id: 'tbl1', name: 'Leads', primary_field_id: 'fld1', fields: [{ id: 'fld1', name: 'Name', type: 'singleLineText' }] }] },
      },
      AIRTABLE_LIST_RECORDS: {
        args: { base_id: 'app1', table: 'Leads & Deals', filter_by_formula: "{Stage} = 'Lead'", fields: ['Name', 'Stage'], sort_field: 'Name', max_records: 5 },
        requests: [
          {
            method: 'GET',
            path: '/v0/app1/Leads%20%26%20Deals',
            query: {
              filterByFormula: "{Stage} = 'Lead'",
              maxRecords: '5',
              pageSize: '100',
              'fields[]': ['Name', 'Stage'],
              'sort[0][field]': 'Name',
              'sort[0][direction]': 'asc',
            },
          },
        ],
        responses: [{ body: { records: [record], offset: 'itr2' } }],
        result: { records: [shaped], offset: 'itr2' },
      },
      AIRTABLE_GET_RECORD: {
        args: { base_id: 'app1', table: 'Leads', record_id: 'rec1' },
        requests: [{ method: 'GET', path: '/v0/app1/Leads/rec1' }],
        responses: [{ body: record }],
        result: shaped,
      },
      AIRTABLE_CREATE_RECORD: {
        args: { base_id: 'app1', table: 'Leads', fields: { Name: 'Acme', Stage: 'Lead' }, typecast: true },
        requests: [{ method: 'POST', path: '/v0/app1/Leads', body: { fields: { Name: 'Acme', Stage: 'Lead' }, typecast: true } }],
        responses: [{ body: record }],
        result: shaped,
      },
      AIRTABLE_UPDATE_RECORD: {
        args: { base_id: 'app1', table: 'Leads', record_id: 'rec1', fields: { Stage: 'Won' } },
        requests: [{ method: 'PATCH', path: '/v0/app1/Leads/rec1', body: { fields: { Stage: 'Won' }, typecast: false } }],
        responses: [{ body: record }],
        result: shaped,
      },
      AIRTABLE_UPDATE_MULTIPLE_RECORDS: {
        args: { base_id: 'app1', table: 'Leads', records: [{ id: 'rec1', fields: { Stage: 'Won' } }] },
        requests: [{ method: 'PATCH', path: '/v0/app1/Leads', body: { records: [{ id: 'rec1', fields: { Stage: 'Won' } }], typecast: false } }],
        responses: [{ body: { records: [record] } }],
        result: { records: [{ id: 'rec1', fields: record.fields }] },
      },
      AIRTABLE_DELETE_RECORD: {
        args: { base_id: 'app1', table: 'Leads', record_id: 'rec1' },
        requests: [{ method: 'DELETE', path: '/v0/app1/Leads/rec1' }],
        responses: [{ body: { id: 'rec1', deleted: true } }],
        result: { id: 'rec1', deleted: true },
      },
      AIRTABLE_CREATE_TABLE: {
        args: { base_id: 'app1', name: 'Projects', fields: [{ name: 'Name', type: 'singleLineText' }] },
        requests: [{ method: 'POST', path: '/v0/meta/bases/app1/tables', body: { name: 'Projects', fields: [{ name: 'Name', type: 'singleLineText' }] } }],
        responses: [{ body: { id: 'tbl2', name: 'Projects', fields: [{ id: 'fld9', name: 'Name', type: 'singleLineText' }] } }],
        result: { id: 'tbl2', name: 'Projects', fields: [{ id: 'fld9', name: 'Name', type: 'singleLineText' }] },
      },
      AIRTABLE_CREATE_FIELD: {
        args: { base_id: 'app1', table_id: 'tbl1', name: 'Priority', type: 'singleSelect', options: { choices: [{ name: 'High' }] } },
        requests: [
          {
            method: 'POST',
            path: '/v0/meta/bases/app1/tables/tbl1/fields',
            body: { name: 'Priority', type: 'singleSelect', options: { choices: [{ name: 'High' }] } },
          },
        ],
        responses: [{ body: { id: 'fld7', name: 'Priority', type: 'singleSelect' } }],
        result: { id: 'fld7', name: 'Priority', type: 'singleSelect' },
      },
    },
  });
});
