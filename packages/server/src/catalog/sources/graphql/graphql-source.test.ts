import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { TOOL_SLUG_PATTERN, type Tool, type ToolkitBundle, ToolSchema } from '@toolrouter/core';
import { buildSchema, type GraphQLSchema, Kind, parse, validate, visit } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentValidator } from '../../../execution/argument-validator.js';
import { bundleFileSource } from '../../bundle-file-source.js';
import { isReferenceTool } from '../../reference-tools.js';
import { type GraphqlToolkitDefinition, graphqlToBundle, LINEAR, loadSchema, MONDAY, referenceSlugsOf } from './index.js';

const catalogDir = fileURLToPath(new URL('../../../../catalog/', import.meta.url));
const schemas: Record<string, GraphQLSchema> = {};
const bundles: Record<string, ToolkitBundle> = {};

beforeAll(async () => {
  for (const def of [LINEAR, MONDAY]) {
    const schema = await loadSchema(`${catalogDir}graphql/${def.toolkit.slug}.graphql.gz`);
    schemas[def.toolkit.slug] = schema;
    bundles[def.toolkit.slug] = graphqlToBundle(schema, def);
  }
});

const tool = (toolkit: string, slug: string): Tool => {
  const found = bundles[toolkit]!.tools.find((t) => t.slug === slug);
  if (!found) throw new Error(`no tool ${slug}`);
  return found;
};
const documentOf = (t: Tool): string => {
  if (t.binding.kind !== 'graphql' || t.binding.document === null) throw new Error(`${t.slug} has no document`);
  return t.binding.document;
};

/** Deepest field nesting in a document, counting neither the operation nor inline fragments. */
function fieldDepth(document: string): number {
  let depth = 0;
  let max = 0;
  visit(parse(document), {
    Field: {
      enter: () => void (max = Math.max(max, ++depth)),
      leave: () => void depth--,
    },
  });
  return max;
}

describe.each(['linear', 'monday'])('%s GraphQL tools', (slug) => {
  it('validate every generated operation document against the vendor schema', () => {
    const schema = schemas[slug]!;
    const failures: string[] = [];
    for (const t of bundles[slug]!.tools) {
      if (t.binding.kind !== 'graphql' || t.binding.document === null) continue;
      const errors = validate(schema, parse(t.binding.document));
      if (errors.length > 0) failures.push(`${t.slug}: ${errors[0]!.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('make one tool per exposed root field plus the raw tool, each a valid catalog tool with a unique slug', () => {
    const schema = schemas[slug]!;
    const roots = [...Object.values(schema.getQueryType()!.getFields()), ...Object.values(schema.getMutationType()!.getFields())];
    const exposed = roots.filter((f) => !f.deprecationReason && !f.name.startsWith('_') && !/^\s*\[internal\]/i.test(f.description ?? ''));
    const tools = bundles[slug]!.tools;
    const def = slug === 'linear' ? LINEAR : MONDAY;
    expect(tools).toHaveLength(exposed.length + 1 + (def.operations?.length ?? 0));
    const slugs = tools.map((t) => t.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of slugs) expect(s).toMatch(TOOL_SLUG_PATTERN);
    expect(slugs.every((s) => s.startsWith(`${slug.toUpperCase()}_`))).toBe(true);
    expect(tools.filter((t) => !ToolSchema.safeParse(t).success).map((t) => t.slug)).toEqual([]);
  });

  it('compile every input schema with ajv and keep each one bounded', () => {
    const validator = new ArgumentValidator();
    for (const t of bundles[slug]!.tools) {
      expect(() => validator.problems(t.input_parameters, {})).not.toThrow();
    }
  });

  it('bound the selection depth: nested objects end in identity fields', () => {
    const max = Math.max(...bundles[slug]!.tools.filter((t) => t.binding.kind === 'graphql' && t.binding.document).map((t) => fieldDepth(documentOf(t))));
    // root field, its object, one nested object; a connection adds nodes (or edges + node).
    expect(max).toBeLessThanOrEqual(5);
  });
});

describe('Linear tools', () => {
  it('carry the verified reference slugs on their root fields', () => {
    const expected: Record<string, string> = {
      LINEAR_CREATE_LINEAR_ISSUE: 'issueCreate',
      LINEAR_UPDATE_ISSUE: 'issueUpdate',
      LINEAR_LIST_LINEAR_ISSUES: 'issues',
      LINEAR_GET_LINEAR_ISSUE: 'issue',
      LINEAR_CREATE_LINEAR_COMMENT: 'commentCreate',
      LINEAR_LIST_LINEAR_TEAMS: 'teams',
      LINEAR_LIST_LINEAR_PROJECTS: 'projects',
      LINEAR_LIST_LINEAR_STATES: 'workflowStates',
      LINEAR_CREATE_LINEAR_LABEL: 'issueLabelCreate',
    };
    for (const [slug, field] of Object.entries(expected)) {
      const root = parse(documentOf(tool('linear', slug))).definitions[0];
      expect(root?.kind).toBe(Kind.OPERATION_DEFINITION);
      if (root?.kind !== Kind.OPERATION_DEFINITION) continue;
      const first = root.selectionSet.selections[0];
      expect(first?.kind === Kind.FIELD ? first.name.value : undefined, slug).toBe(field);
    }
    const raw = tool('linear', 'LINEAR_RUN_QUERY_OR_MUTATION');
    expect(raw.binding).toMatchObject({ kind: 'graphql', endpoint: '/graphql', document: null });
    expect(raw.input_parameters.required).toEqual(['query']);
  });

  it('name other tools LINEAR_<FIELD> in upper snake case', () => {
    const slugs = new Set(bundles['linear']!.tools.map((t) => t.slug));
    expect(slugs.has('LINEAR_ISSUE_DELETE')).toBe(true);
    expect(slugs.has('LINEAR_CYCLES')).toBe(true);
    // A field with a reference slug is not also listed under its generated one.
    expect(slugs.has('LINEAR_ISSUE_CREATE')).toBe(false);
  });

  it('map arguments: non-null to required, input objects nested, enums listed, custom scalars described', () => {
    const create = tool('linear', 'LINEAR_CREATE_LINEAR_ISSUE').input_parameters as any;
    expect(create.required).toEqual(['input']);
    const input = create.properties.input;
    expect(input).toMatchObject({ type: 'object', required: ['teamId'], additionalProperties: false });
    expect(input.properties.title).toMatchObject({ type: 'string' });
    expect(input.properties.priority).toMatchObject({ type: 'integer' });
    expect(input.properties.labelIds).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(input.properties.dueDate).toMatchObject({ type: 'string', format: 'date' });
    expect(input.properties.dueDate.description).toContain('TimelessDate');
    const list = tool('linear', 'LINEAR_LIST_LINEAR_ISSUES').input_parameters as any;
    expect(list.required).toBeUndefined();
    expect(list.properties.first).toMatchObject({ type: 'integer' });
    expect(list.properties.orderBy).toMatchObject({ type: 'string', enum: ['createdAt', 'updatedAt'] });
  });

  it('bound recursive input types: a filter inside itself is an open object naming its type', () => {
    const filter = (tool('linear', 'LINEAR_LIST_LINEAR_ISSUES').input_parameters as any).properties.filter;
    expect(filter.type).toBe('object');
    const nested = filter.properties.and.items;
    expect(nested).toMatchObject({ type: 'object', additionalProperties: true });
    expect(nested.description).toContain('IssueFilter');
    expect(JSON.stringify(tool('linear', 'LINEAR_LIST_LINEAR_ISSUES').input_parameters).length).toBeLessThan(60_000);
  });

  it('select list items through connections, keep pageInfo, summarize nested objects, and follow nested lists of single results only', () => {
    const issues = documentOf(tool('linear', 'LINEAR_LIST_LINEAR_ISSUES'));
    expect(issues).toContain('issues(after: $after');
    expect(issues).toMatch(/nodes \{ .*\bidentifier\b.*\btitle\b/);
    expect(issues).toMatch(/pageInfo \{ [^}]*hasNextPage[^}]*\}/);
    expect(issues).toContain('team { id key name displayName }');
    expect(issues).not.toMatch(/\bcomments\b/);
    const issue = documentOf(tool('linear', 'LINEAR_GET_LINEAR_ISSUE'));
    expect(issue).toMatch(/^query Issue\(\$id: String!\) \{ issue\(id: \$id\) \{/);
    expect(issue).toMatch(/comments \{ nodes \{ id url \} pageInfo \{/);
    expect(issue).not.toMatch(/team \{[^}]*organization/);
    const create = documentOf(tool('linear', 'LINEAR_CREATE_LINEAR_ISSUE'));
    expect(create).toBe(
      'mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { issue { id identifier title url } lastSyncId success } }',
    );
  });

  it('give queries read-only hints and destructive ones to deleting and archiving mutations only', () => {
    expect(tool('linear', 'LINEAR_LIST_LINEAR_ISSUES').tags).toEqual(['readOnlyHint', 'idempotentHint', 'openWorldHint']);
    expect(tool('linear', 'LINEAR_CREATE_LINEAR_ISSUE').tags).toEqual(['openWorldHint']);
    expect(tool('linear', 'LINEAR_ISSUE_DELETE').tags).toEqual(['destructiveHint', 'openWorldHint']);
    expect(tool('linear', 'LINEAR_ISSUE_ARCHIVE').tags).toContain('destructiveHint');
    expect(tool('linear', 'LINEAR_ISSUE_UNARCHIVE').tags).not.toContain('destructiveHint');
  });
});

describe('monday.com tools', () => {
  it('carry the verified reference slugs on their root fields', () => {
    const fields: Record<string, string> = {
      MONDAY_LIST_BOARDS: 'query Boards',
      MONDAY_CREATE_ITEM: 'mutation CreateItem',
      MONDAY_CHANGE_SIMPLE_COLUMN_VALUE: 'mutation ChangeSimpleColumnValue',
      MONDAY_CREATE_BOARD: 'mutation CreateBoard',
      MONDAY_CREATE_GROUP: 'mutation CreateGroup',
      MONDAY_CREATE_COLUMN: 'mutation CreateColumn',
      MONDAY_MOVE_ITEM_TO_GROUP: 'mutation MoveItemToGroup',
      MONDAY_CREATE_UPDATE: 'mutation CreateUpdate',
    };
    for (const [slug, head] of Object.entries(fields)) expect(documentOf(tool('monday', slug)).startsWith(head), slug).toBe(true);
    expect(tool('monday', 'MONDAY_CREATE_ITEM').input_parameters).toMatchObject({ required: ['board_id', 'item_name'] });
    expect(tool('monday', 'MONDAY_CREATE_ITEM').binding).toMatchObject({ endpoint: '/v2', operation_name: 'CreateItem' });
    expect(tool('monday', 'MONDAY_DELETE_ITEM').tags).toContain('destructiveHint');
  });

  it('add the reference tools no single root field makes, with their variables as arguments', () => {
    const items = tool('monday', 'MONDAY_LIST_BOARD_ITEMS');
    expect(items.input_parameters).toMatchObject({
      required: ['board_id', 'limit'],
      properties: { cursor: { type: 'string' }, query_params: { type: 'object' } },
    });
    expect(items.binding).toMatchObject({ kind: 'graphql', operation_name: 'ListBoardItems', variables: { board_id: 'board_id', cursor: 'cursor' } });
    expect(items.tags).toEqual(['readOnlyHint', 'idempotentHint', 'openWorldHint']);
    expect(documentOf(tool('monday', 'MONDAY_LIST_COLUMNS'))).toContain('columns {');
    expect(documentOf(tool('linear', 'LINEAR_GET_ALL_LINEAR_TEAMS'))).toContain('teams(first: $first, after: $after)');
  });
});

describe('graphqlToBundle on a small schema', () => {
  const schema = buildSchema(`
    type Query { node(id: ID!): Node, search(text: String!): [Hit!]!, deep: A, old: String @deprecated(reason: "gone"), "[Internal] not for clients" secret: String }
    type Mutation { thingDelete(id: ID!): Boolean, thingCreate(input: ThingInput!): A }
    interface Node { id: ID! }
    type A implements Node { id: ID!, name: String, b: B, many(first: Int): [B!], needs(arg: Int!): String }
    type B { id: ID!, c: C, title: String }
    type C { id: ID!, d: String }
    union Hit = A | B
    input ThingInput { name: String!, child: ThingInput, size: Int = 3 }
  `);
  const def = (depth?: number): GraphqlToolkitDefinition => ({
    toolkit: {
      slug: 'tiny',
      name: 'Tiny',
      description: '',
      logo: null,
      categories: [],
      auth_schemes: [{ mode: 'NO_AUTH' }],
      base_url: 'https://tiny.example',
      version: '1',
    },
    endpoint: '/graphql',
    prefix: 'TINY',
    ...(depth ? { selectionDepth: depth } : {}),
  });

  it('leaves out deprecated and internal fields and skips fields that need arguments', () => {
    const slugs = graphqlToBundle(schema, def()).tools.map((t) => t.slug);
    expect(slugs).toEqual(['TINY_NODE', 'TINY_SEARCH', 'TINY_DEEP', 'TINY_THING_DELETE', 'TINY_THING_CREATE']);
    const deep = documentOf(graphqlToBundle(schema, def()).tools[2]!);
    expect(deep).toBe('query Deep { deep { id name b { id title } many { id title } } }');
  });

  it('goes one level deeper per depth step, and unions select __typename plus identity fields', () => {
    const tools = graphqlToBundle(schema, def(3)).tools;
    expect(documentOf(tools[2]!)).toBe('query Deep { deep { id name b { id c { id } title } many { id c { id } title } } }');
    expect(documentOf(tools[1]!)).toBe('query Search($text: String!) { search(text: $text) { __typename ... on A { id name } ... on B { id title } } }');
    for (const t of tools) expect(validate(schema, parse(documentOf(t)))).toEqual([]);
  });

  it('refuses a reference slug whose root field is not in the schema', () => {
    expect(() => graphqlToBundle(schema, { ...def(), slugOverrides: { 'query gone': 'TINY_LIST_GONE' } })).toThrow(/TINY_LIST_GONE \(query gone\)/);
    expect(() => graphqlToBundle(schema, { ...def(), referenceSlugs: ['TINY_GONE'] })).toThrow(/No generated tool is named TINY_GONE/);
  });

  it('refuses a hand-written operation the schema rejects', () => {
    const broken = { ...def(), operations: [{ slug: 'TINY_BROKEN', name: 'Broken', description: 'x', document: 'query Broken { deep { nope } }' }] };
    expect(() => graphqlToBundle(schema, broken)).toThrow(/TINY_BROKEN .*Cannot query field "nope"/);
  });

  it('keeps an input default optional and stops a recursive input at itself', () => {
    const create = graphqlToBundle(schema, def()).tools[4]!.input_parameters as any;
    expect(create.properties.input.required).toEqual(['name']);
    expect(create.properties.input.properties.child).toMatchObject({ type: 'object', additionalProperties: true });
  });
});

describe('compiled catalog file', () => {
  it('is what the source makes from the committed schemas (rebuild with npm run catalog:graphql)', () => {
    const compiled = JSON.parse(gunzipSync(readFileSync(`${catalogDir}graphql.json.gz`)).toString('utf8')) as {
      format: number;
      toolkits: (ToolkitBundle & { reference_slugs: string[] })[];
    };
    expect(compiled.format).toBe(1);
    expect(compiled.toolkits.map((b) => b.toolkit.slug)).toEqual(['linear', 'monday']);
    const tools = compiled.toolkits.map(({ toolkit, tools }) => ({ toolkit, tools }));
    expect(JSON.parse(JSON.stringify(tools))).toEqual(JSON.parse(JSON.stringify([bundles['linear'], bundles['monday']])));
    // Each toolkit records the tools under the reference's slugs, which search ranks like curated tools.
    for (const [i, def] of [LINEAR, MONDAY].entries()) expect(new Set(compiled.toolkits[i]!.reference_slugs)).toEqual(new Set(referenceSlugsOf(def)));
  });

  it('marks the tools under reference slugs when the server loads it, and no others', async () => {
    const loaded = await bundleFileSource(`${catalogDir}graphql.json.gz`).load();
    const linear = loaded.find((b) => b.toolkit.slug === 'linear')!;
    expect(
      linear.tools
        .filter(isReferenceTool)
        .map((t) => t.slug)
        .sort(),
    ).toEqual(referenceSlugsOf(LINEAR).sort());
    expect(isReferenceTool(linear.tools.find((t) => t.slug === 'LINEAR_CREATE_LINEAR_ISSUE')!)).toBe(true);
    expect(isReferenceTool(linear.tools.find((t) => t.slug === 'LINEAR_ISSUE_IMPORT_CHECK_CSV')!)).toBe(false);
    // The mark is not enumerable: JSON and spreads (what the API serialises) never carry it.
    expect(Object.getOwnPropertySymbols({ ...linear.tools.find((t) => t.slug === 'LINEAR_CREATE_LINEAR_ISSUE')! })).toEqual([]);
  });
});
