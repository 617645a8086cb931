import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Bitbucket curated tools against the Bitbucket API description', () => {
  curatedPrismSuite({
    toolkit: 'bitbucket',
    refused: { endpoint: '/2.0/workspaces', method: 'GET', parameters: [{ name: 'role', type: 'query', value: 'boss' }] },
    elsewhere: {
      BITBUCKET_CREATE_BRANCH: 'the description declares no request body for creating a branch',
      BITBUCKET_GET_FILE_FROM_REPOSITORY: 'the description models the file path as one segment; the API takes it with its slashes',
    },
    cases: {
      BITBUCKET_LIST_WORKSPACES: { args: { role: 'member' }, check: hasKeys('workspaces') },
      BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE: { args: { workspace: 'acme' }, check: hasKeys('repositories') },
      BITBUCKET_LIST_PULL_REQUESTS: { args: { workspace: 'acme', repo_slug: 'api' }, check: hasKeys('pull_requests') },
      BITBUCKET_CREATE_PULL_REQUEST: {
        args: { workspace: 'acme', repo_slug: 'api', title: 'Login', source_branch: 'feature/login', destination_branch: 'main' },
        check: hasKeys('id'),
      },
      BITBUCKET_CREATE_PULL_REQUEST_COMMENT: { args: { workspace: 'acme', repo_slug: 'api', pull_request_id: 12, comment: 'LGTM' }, check: hasKeys('id') },
      BITBUCKET_MERGE_PULL_REQUEST: { args: { workspace: 'acme', repo_slug: 'api', pull_request_id: 12, merge_strategy: 'squash' }, check: hasKeys('id') },
      BITBUCKET_CREATE_ISSUE: { args: { workspace: 'acme', repo_slug: 'api', title: 'Crash on start', kind: 'bug' }, check: hasKeys('id') },
      BITBUCKET_LIST_BRANCHES: { args: { workspace: 'acme', repo_slug: 'api' }, check: hasKeys('branches') },
      BITBUCKET_GET_CURRENT_USER: { args: {}, check: hasKeys('display_name') },
      BITBUCKET_LIST_ISSUES: { args: { workspace: 'acme', repo_slug: 'api', q: 'state = "new"' }, check: hasKeys('issues') },
    },
  });
});

describe('Bitbucket tools the description cannot check, against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'bitbucket',
    only: true,
    auth: { mode: 'OAUTH2', token: 'bb-token' },
    cases: {
      BITBUCKET_CREATE_BRANCH: {
        args: { workspace: 'acme', repo_slug: 'api', name: 'hotfix', target_hash: 'a1b2c3' },
        requests: [{ method: 'POST', path: '/2.0/repositories/acme/api/refs/branches', body: { name: 'hotfix', target: { hash: 'a1b2c3' } } }],
        responses: [{ status: 201, body: { name: 'hotfix', target: { hash: 'a1b2c3' } } }],
        result: { name: 'hotfix', commit: 'a1b2c3' },
      },
      BITBUCKET_GET_FILE_FROM_REPOSITORY: {
        args: { workspace: 'acme', repo_slug: 'api', commit: 'main', file_path: 'src/app.ts' },
        requests: [{ method: 'GET', path: '/2.0/repositories/acme/api/src/main/src/app.ts' }],
        responses: [{ body: 'export const app = 1;' }],
        result: { content: 'export const app = 1;' },
      },
    },
  });
});
