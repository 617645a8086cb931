import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));
const cloud = 'test-cloud';
const base = { cloud_id: cloud };

// The description's example answers for create, get and comment are not the documented objects, so
// only the requests are checked there; shaping is covered where the examples carry the fields.
describe('Jira curated tools against the Jira Cloud platform description', () => {
  curatedPrismSuite({
    toolkit: 'jira',
    // OAuth apps reach a site at api.atlassian.com/ex/jira/{cloudId}; the description is per site.
    pathPrefix: `/ex/jira/${cloud}`,
    refused: { endpoint: `/ex/jira/${cloud}/rest/api/3/project/search`, method: 'GET', parameters: [{ name: 'maxResults', type: 'query', value: 'lots' }] },
    elsewhere: {
      JIRA_GET_ACCESSIBLE_RESOURCES: 'an api.atlassian.com endpoint outside the site description',
      JIRA_LIST_SPRINTS: 'Jira Software (agile) API, not in the platform description',
    },
    cases: {
      JIRA_CREATE_ISSUE: {
        args: {
          ...base,
          project_key: 'PROJ',
          summary: 'Login crash',
          issue_type: 'Bug',
          description: 'Steps:\nopen app',
          labels: ['mobile'],
          priority: 'High',
        },
      },
      JIRA_GET_ISSUE: { args: { ...base, issue_key: 'PROJ-42' } },
      JIRA_EDIT_ISSUE: { args: { ...base, issue_key: 'PROJ-42', summary: 'New title', due_date: '2026-03-31' }, check: hasKeys('updated') },
      JIRA_SEARCH_FOR_ISSUES_USING_JQL_POST: { args: { ...base, jql: 'assignee = currentUser()' }, check: hasKeys('issues') },
      JIRA_ADD_COMMENT: { args: { ...base, issue_key: 'PROJ-42', comment: 'Deployed.' } },
      JIRA_GET_TRANSITIONS: { args: { ...base, issue_key: 'PROJ-42' }, check: hasKeys('transitions') },
      JIRA_TRANSITION_ISSUE: { args: { ...base, issue_key: 'PROJ-42', transition_id: '31', comment: 'Done' }, check: hasKeys('transitioned') },
      JIRA_ASSIGN_ISSUE: { args: { ...base, issue_key: 'PROJ-42', account_id: '5b10ac8d82e05b22cc7d4ef5' }, check: hasKeys('assigned') },
      JIRA_GET_ALL_PROJECTS: { args: { ...base, query: 'mobile' }, check: hasKeys('projects') },
      JIRA_FIND_USERS: { args: { ...base, query: 'maria' }, check: hasKeys('users') },
    },
  });
});

describe('Jira tools outside the site description, against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'jira',
    only: true,
    auth: { mode: 'OAUTH2', token: 'atl-token' },
    cases: {
      JIRA_GET_ACCESSIBLE_RESOURCES: {
        args: {},
        requests: [{ method: 'GET', path: '/oauth/token/accessible-resources', headers: { authorization: 'Bearer atl-token' } }],
        responses: [
          {
            body: [{ id: '1324a887-45db-1bf4-1e99-ef0ff456d421', name: 'acme', url: 'https://acme.atlassian.net', scopes: ['read:jira-work'], avatarUrl: 'x' }],
          },
        ],
        result: { sites: [{ cloud_id: '1324a887-45db-1bf4-1e99-ef0ff456d421', name: 'acme', url: 'https://acme.atlassian.net', scopes: ['read:jira-work'] }] },
      },
      JIRA_LIST_SPRINTS: {
        args: { cloud_id: 'c1', board_id: 7 },
        requests: [{ method: 'GET', path: '/ex/jira/c1/rest/agile/1.0/board/7/sprint', query: { state: 'active,future', maxResults: '50' } }],
        responses: [
          {
            body: {
              maxResults: 50,
              startAt: 0,
              isLast: true,
              values: [
                {
                  id: 37,
                  state: 'active',
                  name: 'Sprint 12',
                  startDate: '2026-03-02T09:00:00.000Z',
                  endDate: '2026-03-16T09:00:00.000Z',
                  goal: 'Ship login',
                  originBoardId: 7,
                },
              ],
            },
          },
        ],
        result: {
          sprints: [{ id: 37, name: 'Sprint 12', state: 'active', start: '2026-03-02T09:00:00.000Z', end: '2026-03-16T09:00:00.000Z', goal: 'Ship login' }],
          is_last: true,
        },
      },
    },
  });
});
