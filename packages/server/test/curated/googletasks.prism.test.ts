import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Google Tasks curated tools against the Tasks API description', () => {
  curatedPrismSuite({
    toolkit: 'googletasks',
    refused: { endpoint: '/tasks/v1/users/@me/lists', method: 'GET', parameters: [{ name: 'maxResults', type: 'query', value: 'all' }] },
    cases: {
      GOOGLETASKS_LIST_TASK_LISTS: { args: {}, check: hasKeys('task_lists') },
      GOOGLETASKS_LIST_TASKS: { args: { show_completed: true, due_max: '2026-03-08T00:00:00Z' }, check: hasKeys('tasks') },
      GOOGLETASKS_INSERT_TASK: { args: { title: 'Renew passport', due: '2026-03-06', notes: 'photo booth first' }, check: hasKeys('id', 'title') },
      GOOGLETASKS_PATCH_TASK: { args: { task_id: 't1', status: 'completed' }, check: hasKeys('id') },
      GOOGLETASKS_UPDATE_TASK: { args: { task_id: 't1', title: 'Groceries' }, check: hasKeys('id') },
      GOOGLETASKS_DELETE_TASK: { args: { task_id: 't1' }, check: hasKeys('deleted') },
      GOOGLETASKS_CREATE_TASK_LIST: { args: { title: 'House move' }, check: hasKeys('id') },
      GOOGLETASKS_CLEAR_TASKS: { args: {}, check: hasKeys('cleared') },
      GOOGLETASKS_MOVE_TASK: { args: { task_id: 't1', parent_task_id: 't0' }, check: hasKeys('id') },
      GOOGLETASKS_GET_TASK: { args: { task_id: 't1' }, check: hasKeys('id', 'title') },
    },
  });
});
