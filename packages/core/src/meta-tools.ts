import type { InputSchema } from './catalog.js';
import { ToolRouterError } from './errors.js';

/**
 * Meta-tools: the handful of tools an agent sees instead of hundreds of app schemas.
 * Slugs and argument names match the reference product so existing prompts and clients work;
 * the descriptions are ours.
 */
export const META_TOOL_SLUGS = [
  'COMPOSIO_SEARCH_TOOLS',
  'COMPOSIO_GET_TOOL_SCHEMAS',
  'COMPOSIO_MULTI_EXECUTE_TOOL',
  'COMPOSIO_MANAGE_CONNECTIONS',
  'COMPOSIO_WAIT_FOR_CONNECTIONS',
  'COMPOSIO_REMOTE_WORKBENCH',
  'COMPOSIO_REMOTE_BASH_TOOL',
] as const;
export type MetaToolSlug = (typeof META_TOOL_SLUGS)[number];

export function isMetaToolSlug(slug: string): slug is MetaToolSlug {
  return (META_TOOL_SLUGS as readonly string[]).includes(slug);
}

/** Toolkit that meta-tools report as theirs (some client adapters require a toolkit name). */
export const META_TOOLKIT = { slug: 'composio', name: 'composio' } as const;

/**
 * Tool slugs with this prefix belong to the meta-tools, present and future. Sessions route such a
 * slug to the meta-tool handler, so an imported tool named like one would never run.
 */
export const RESERVED_TOOL_PREFIX = 'COMPOSIO_';

const SHOWN_CLASHES = 20;

/**
 * The error for a toolkit that would shadow or pose as the meta-tools: the toolkit slug
 * `composio`, or any tool slug in the reserved `COMPOSIO_` namespace. undefined when it is clear.
 * Every write of an imported or registered toolkit goes through this check.
 */
export function reservedSlugError(toolkitSlug: string, toolSlugs: readonly string[]): ToolRouterError | undefined {
  const problems: string[] = [];
  if (toolkitSlug.toLowerCase() === META_TOOLKIT.slug) {
    problems.push(`toolkit slug "${toolkitSlug}" is the meta-tools' own toolkit`);
  }
  const clashing = toolSlugs.filter((slug) => slug.toUpperCase().startsWith(RESERVED_TOOL_PREFIX));
  for (const slug of clashing.slice(0, SHOWN_CLASHES)) {
    problems.push(isMetaToolSlug(slug.toUpperCase()) ? `${slug}: is a meta-tool` : `${slug}: is in the reserved ${RESERVED_TOOL_PREFIX} namespace`);
  }
  if (problems.length === 0) return undefined;
  const names = clashing.length > 0 ? clashing.slice(0, 5).join(', ') + (clashing.length > 5 ? ', ...' : '') : toolkitSlug;
  return new ToolRouterError(
    'IMPORT_CONFLICT',
    `Toolkit "${toolkitSlug}" collides with the meta-tools (${names}): tools named ${RESERVED_TOOL_PREFIX}* are reserved and would never run`,
    {
      errors: problems,
      suggestedFix: `Use a toolkit slug that is not "${META_TOOLKIT.slug}" and does not start with "${META_TOOLKIT.slug}_" or "${META_TOOLKIT.slug}-" (tool slugs are prefixed with it), e.g. "my_${toolkitSlug.toLowerCase().replace(/^composio[_-]?/, '') || 'tools'}".`,
    },
  );
}

export interface MetaToolDefinition {
  slug: MetaToolSlug;
  name: string;
  description: string;
  input_parameters: InputSchema;
  tags: string[];
}

const sessionIdArg = {
  type: 'string',
  description: 'Workflow id returned by an earlier search; pass it to keep related calls together.',
};
const stepArgs = {
  thought: { type: 'string', description: 'One sentence on why this call is the next step.' },
  current_step: { type: 'string', description: 'Short name of the plan step being carried out.' },
  current_step_metric: { type: 'string', description: 'Progress on that step, e.g. "3/10 pages".' },
};

export const META_TOOLS: Record<MetaToolSlug, MetaToolDefinition> = {
  COMPOSIO_SEARCH_TOOLS: {
    slug: 'COMPOSIO_SEARCH_TOOLS',
    name: 'Search tools',
    description:
      'Find the tools that can carry out a task. Describe each task in plain words as one query; ' +
      'split a request with several independent goals into several queries. Every result names the ' +
      'best-matching tools, related ones, the toolkits involved and whether the user has connected them, ' +
      'together with input schemas (or a pointer to fetch them) and a short plan. Call this before ' +
      'executing any app tool whose exact slug and arguments you do not already know. Start a new ' +
      'workflow with session.generate_id = true, and pass session.id on later searches of the same workflow.',
    input_parameters: {
      type: 'object',
      properties: {
        queries: {
          type: 'array',
          minItems: 1,
          description: 'One entry per independent task.',
          items: {
            type: 'object',
            properties: {
              use_case: {
                type: 'string',
                maxLength: 1024,
                description: 'The task in plain words, e.g. "open an issue in the acme/api repository".',
              },
              known_fields: {
                type: 'string',
                description: 'Values already known, as "key: value" pairs separated by commas.',
              },
            },
            required: ['use_case'],
          },
        },
        session: {
          type: 'object',
          description: 'Workflow correlation: generate_id for a new workflow, or the id of an existing one.',
          properties: { id: { type: 'string' }, generate_id: { type: 'boolean' } },
        },
        model: { type: 'string', description: 'Name of the calling model; recorded with the call, never required.' },
      },
      required: ['queries'],
    },
    tags: ['important', 'openWorldHint', 'readOnlyHint'],
  },
  COMPOSIO_GET_TOOL_SCHEMAS: {
    slug: 'COMPOSIO_GET_TOOL_SCHEMAS',
    name: 'Get tool schemas',
    description:
      'Return the full input (and optionally output) schemas of tools by slug. Use it when a search ' +
      'result gave only a schema reference, or before calling a tool whose arguments you are unsure of. ' +
      'Unknown slugs are listed with close matches.',
    input_parameters: {
      type: 'object',
      properties: {
        tool_slugs: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Exact tool slugs, e.g. ["GITHUB_CREATE_AN_ISSUE"].',
        },
        include: {
          type: 'array',
          items: { type: 'string', enum: ['input_schema', 'output_schema'] },
          default: ['input_schema'],
          description: 'Which schemas to return.',
        },
        session_id: sessionIdArg,
      },
      required: ['tool_slugs'],
    },
    tags: ['readOnlyHint'],
  },
  COMPOSIO_MULTI_EXECUTE_TOOL: {
    slug: 'COMPOSIO_MULTI_EXECUTE_TOOL',
    name: 'Execute tools',
    description:
      'Run one or more app tools (up to 50) in parallel with the connected accounts of the user. Only ' +
      'batch calls that do not depend on each other; run dependent steps one after another. Each item ' +
      'reports its own result or error, so a partial failure does not hide the successes.',
    input_parameters: {
      type: 'object',
      properties: {
        tools: {
          type: 'array',
          minItems: 1,
          maxItems: 50,
          items: {
            type: 'object',
            properties: {
              tool_slug: { type: 'string', minLength: 1, description: 'Slug from a search result.' },
              arguments: {
                type: 'object',
                additionalProperties: true,
                description: 'Arguments that match the tool input schema.',
              },
              account: {
                type: 'string',
                description: 'Connected account id or alias, when the user has several for the toolkit.',
              },
            },
            required: ['tool_slug', 'arguments'],
          },
        },
        sync_response_to_workbench: {
          type: 'boolean',
          description: 'Also store the full responses in the workbench, for large results you will process in code.',
        },
        ...stepArgs,
        session_id: sessionIdArg,
      },
      required: ['tools', 'sync_response_to_workbench'],
    },
    tags: ['openWorldHint', 'destructiveHint', 'important'],
  },
  COMPOSIO_MANAGE_CONNECTIONS: {
    slug: 'COMPOSIO_MANAGE_CONNECTIONS',
    name: 'Manage connections',
    description:
      'Check whether the user has connected the given toolkits and, for those that are not connected, ' +
      'create a link the user can open to connect. Show each returned link to the user as is. Set ' +
      'reinitiate_all to start over for toolkits whose connection is broken.',
    input_parameters: {
      type: 'object',
      properties: {
        toolkits: {
          type: 'array',
          description:
            'Toolkit slugs, e.g. ["github"]. An entry may instead be {name, action, account_id?, alias?}: action ' +
            '"add" connects (another) account, "list" shows the accounts, "rename" sets an alias, "remove" deletes one.',
          items: {
            anyOf: [
              { type: 'string' },
              {
                type: 'object',
                properties: {
                  name: { type: 'string', description: 'Toolkit slug.' },
                  action: { type: 'string', enum: ['add', 'list', 'rename', 'remove'] },
                  account_id: { type: 'string', description: 'The account to rename or remove.' },
                  alias: { type: 'string', description: 'Alias for a new or renamed account.' },
                },
                required: ['name'],
              },
            ],
          },
        },
        reinitiate_all: {
          type: 'boolean',
          default: false,
          description: 'Create new links even for toolkits that already have a connection.',
        },
        session_id: sessionIdArg,
      },
      required: ['toolkits'],
    },
    tags: ['openWorldHint', 'destructiveHint'],
  },
  COMPOSIO_WAIT_FOR_CONNECTIONS: {
    slug: 'COMPOSIO_WAIT_FOR_CONNECTIONS',
    name: 'Wait for connections',
    description:
      'Wait, for a bounded time, until the user finishes connecting the given toolkits through the links ' +
      'from Manage connections. With mode "any" it returns as soon as one is connected; with "all" when ' +
      'every one is.',
    input_parameters: {
      type: 'object',
      properties: {
        toolkits: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Toolkit slugs to wait for.' },
        mode: { type: 'string', enum: ['any', 'all'], default: 'any' },
        timeout_seconds: {
          type: 'integer',
          minimum: 1,
          maximum: 120,
          default: 60,
          description: 'How long to wait at most.',
        },
        session_id: sessionIdArg,
      },
      required: ['toolkits'],
    },
    tags: ['readOnlyHint', 'idempotentHint'],
  },
  COMPOSIO_REMOTE_WORKBENCH: {
    slug: 'COMPOSIO_REMOTE_WORKBENCH',
    name: 'Workbench',
    description:
      "Run Python code in this session's workbench: a sandboxed interpreter whose variables, imports and " +
      'functions persist from one call to the next. Use it to process large tool results, transform data or ' +
      'run many tool calls in a loop without passing every intermediate result through the conversation. ' +
      'The value of the last line is returned in `results`, printed output in `stdout` and `stderr`, a ' +
      'traceback in `error`. Inside the code, run_composio_tool(tool_slug, arguments) returns (data, error) ' +
      'for any tool this session allows, and proxy_execute(method, endpoint, toolkit, query_params=None, ' +
      "body=None, headers=None) returns (response, error) for a raw call to a connected toolkit's API; " +
      'there is no other network access. Files under /mnt/files persist for the session; long output is ' +
      'saved there and its path returned. Each call has a time limit (3 minutes unless the server sets ' +
      'another); a call that exceeds it restarts the interpreter.',
    input_parameters: {
      type: 'object',
      properties: {
        code_to_execute: { type: 'string', description: 'The code to run.' },
        ...stepArgs,
        session_id: sessionIdArg,
      },
      required: ['code_to_execute'],
    },
    tags: ['destructiveHint', 'openWorldHint'],
  },
  COMPOSIO_REMOTE_BASH_TOOL: {
    slug: 'COMPOSIO_REMOTE_BASH_TOOL',
    name: 'Workbench shell',
    description:
      "Run a bash command in this session's workbench sandbox, in /mnt/files (the same files the workbench " +
      'code sees), e.g. to list, search or inspect files that earlier steps stored there. No network access.',
    input_parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command line to run.' },
        session_id: sessionIdArg,
      },
      required: ['command'],
    },
    tags: ['destructiveHint', 'openWorldHint'],
  },
};
