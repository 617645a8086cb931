import type { GraphqlToolkitDefinition } from './to-bundle.js';

/**
 * The built-in GraphQL toolkits: what their schemas do not say. The schemas themselves are data
 * (packages/server/catalog/graphql/<slug>.graphql.gz, built by scripts/build-graphql-catalog.mjs
 * from the pinned SDK versions named here as each toolkit's version).
 */
export const LINEAR: GraphqlToolkitDefinition = {
  toolkit: {
    slug: 'linear',
    name: 'Linear',
    description: 'Issue tracking and project planning for software teams: issues, comments, teams, projects, cycles, labels and workflow states.',
    logo: null,
    categories: ['productivity', 'project management', 'developer tools'],
    auth_schemes: [
      {
        mode: 'OAUTH2',
        authorization_url: 'https://linear.app/oauth/authorize',
        token_url: 'https://api.linear.app/oauth/token',
        scopes: {
          read: 'Read everything the user can see in the workspace (always granted).',
          write: 'Create and change anything the user can, in the user’s name.',
          'issues:create': 'Create issues and their attachments, and nothing else.',
          'comments:create': 'Create comments on issues, and nothing else.',
          'timeSchedule:write': 'Create and change on-call and time schedules.',
          admin: 'Workspace administration: settings, members, integrations (admins only).',
        },
        default_scopes: ['read', 'write', 'issues:create', 'comments:create'],
        grants: ['authorization_code'],
        pkce: true,
        // Linear reads a comma-separated scope list.
        scope_separator: ',',
      },
      {
        mode: 'API_KEY',
        in: 'header',
        name: 'Authorization',
        // Personal API keys go in the header as they are; OAuth tokens carry "Bearer ".
        prefix: '',
        fields: [
          {
            name: 'api_key',
            display_name: 'Personal API key',
            description: 'A key created under Settings → Security & access → Personal API keys in Linear.',
            secret: true,
            required: true,
          },
        ],
      },
    ],
    base_url: 'https://api.linear.app',
    version: '98.0.0',
  },
  endpoint: '/graphql',
  prefix: 'LINEAR',
  slugOverrides: {
    'mutation issueCreate': 'LINEAR_CREATE_LINEAR_ISSUE',
    'mutation issueUpdate': 'LINEAR_UPDATE_ISSUE',
    'query issues': 'LINEAR_LIST_LINEAR_ISSUES',
    'query issue': 'LINEAR_GET_LINEAR_ISSUE',
    'mutation commentCreate': 'LINEAR_CREATE_LINEAR_COMMENT',
    'query teams': 'LINEAR_LIST_LINEAR_TEAMS',
    'query projects': 'LINEAR_LIST_LINEAR_PROJECTS',
    'query workflowStates': 'LINEAR_LIST_LINEAR_STATES',
    'mutation issueLabelCreate': 'LINEAR_CREATE_LINEAR_LABEL',
  },
  rawToolSlug: 'LINEAR_RUN_QUERY_OR_MUTATION',
  operations: [
    {
      // The reference offers this name beside LINEAR_LIST_LINEAR_TEAMS for the same call.
      slug: 'LINEAR_GET_ALL_LINEAR_TEAMS',
      name: 'Get all Linear teams',
      description: 'Lists the teams of the Linear workspace with their ids, keys and names, a page at a time.',
      document: `query AllTeams($first: Int, $after: String) {
        teams(first: $first, after: $after) { nodes { id key name description private timezone createdAt } pageInfo { hasNextPage endCursor } }
      }`,
      variables: { first: 'How many teams to return (Linear returns 50 when omitted).', after: 'The endCursor of the previous page.' },
    },
  ],
};

export const MONDAY: GraphqlToolkitDefinition = {
  toolkit: {
    slug: 'monday',
    name: 'monday.com',
    description: 'Work management boards: boards, groups, items and their column values, updates, workspaces and users.',
    logo: null,
    categories: ['productivity', 'project management'],
    auth_schemes: [
      {
        mode: 'OAUTH2',
        authorization_url: 'https://auth.monday.com/oauth2/authorize',
        token_url: 'https://auth.monday.com/oauth2/token',
        scopes: {
          'me:read': 'Read the signed-in user’s profile.',
          'boards:read': 'Read boards the user can see, with their items, columns and groups.',
          'boards:write': 'Create and change boards, groups, columns and items.',
          'users:read': 'Read the account’s users.',
          'workspaces:read': 'Read workspaces.',
          'workspaces:write': 'Create and change workspaces.',
          'updates:read': 'Read updates (item comments).',
          'updates:write': 'Post and change updates.',
          'docs:read': 'Read monday docs.',
          'docs:write': 'Create and change monday docs.',
          'teams:read': 'Read teams.',
          'tags:read': 'Read tags.',
          'webhooks:write': 'Create and delete board webhooks.',
          'account:read': 'Read account details.',
          'notifications:write': 'Send notifications to users.',
        },
        default_scopes: ['me:read', 'boards:read', 'boards:write', 'users:read', 'workspaces:read', 'updates:write'],
        grants: ['authorization_code'],
        pkce: false,
        scope_separator: ' ',
      },
      {
        mode: 'API_KEY',
        in: 'header',
        name: 'Authorization',
        // monday.com personal API tokens are sent in the Authorization header without a prefix.
        prefix: '',
        fields: [
          {
            name: 'api_key',
            display_name: 'Personal API token',
            description: 'The token from your monday.com avatar menu → Developers → My access tokens.',
            secret: true,
            required: true,
          },
        ],
      },
    ],
    base_url: 'https://api.monday.com',
    version: '14.0.0',
  },
  endpoint: '/v2',
  prefix: 'MONDAY',
  slugOverrides: { 'query boards': 'MONDAY_LIST_BOARDS' },
  referenceSlugs: [
    'MONDAY_CREATE_ITEM',
    'MONDAY_CHANGE_SIMPLE_COLUMN_VALUE',
    'MONDAY_CREATE_BOARD',
    'MONDAY_CREATE_GROUP',
    'MONDAY_CREATE_COLUMN',
    'MONDAY_MOVE_ITEM_TO_GROUP',
    'MONDAY_CREATE_UPDATE',
  ],
  rawToolSlug: 'MONDAY_RUN_QUERY_OR_MUTATION',
  operations: [
    {
      slug: 'MONDAY_LIST_BOARD_ITEMS',
      name: 'List monday.com board items',
      description: 'Lists the items of one board, a page at a time, with their group and column values. Pass the returned cursor to get the next page.',
      document: `query ListBoardItems($board_id: ID!, $limit: Int!, $cursor: String, $query_params: ItemsQuery) {
        boards(ids: [$board_id]) {
          id name
          items_page(limit: $limit, cursor: $cursor, query_params: $query_params) {
            cursor
            items { id name state created_at updated_at url group { id title } column_values { id type text value } }
          }
        }
      }`,
      variables: {
        board_id: 'The board whose items to list.',
        limit: 'Items per page (at most 500).',
        cursor: 'The cursor of the previous page; leave out for the first page.',
        query_params: 'Filters and ordering of the items (monday.com ItemsQuery).',
      },
    },
    {
      slug: 'MONDAY_LIST_COLUMNS',
      name: 'List monday.com board columns',
      description: 'Lists the columns of one board: id, title, type and settings, which column-value mutations need.',
      document: `query ListColumns($board_id: ID!) {
        boards(ids: [$board_id]) { id name columns { id title type description settings_str archived } }
      }`,
      variables: { board_id: 'The board whose columns to list.' },
    },
  ],
};

export const BUILTIN_GRAPHQL_TOOLKITS: readonly GraphqlToolkitDefinition[] = [LINEAR, MONDAY];
