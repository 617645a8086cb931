import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * scripts/graphql/sdl-from-codegen.mjs rebuilds the vendor schemas behind the Linear and
 * monday.com toolkits from the TypeScript types GraphQL Code Generator emitted into their SDKs.
 * Here it reads declarations in both generator styles those SDKs use and must print the schema
 * they were generated from.
 */
const script = fileURLToPath(new URL('../../../scripts/graphql/sdl-from-codegen.mjs', import.meta.url));
const { sdlFromCodegen } = (await import(pathToFileURL(script).href)) as {
  sdlFromCodegen: (source: string) => { sdl: string; counts: Record<string, number> };
};

const normalized = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)));

describe('sdlFromCodegen', () => {
  it('rebuilds types, interfaces, unions, inputs, enums, scalars, arguments, descriptions and deprecations', () => {
    // Linear's style: Scalars["X"], `declare enum`, a namespace around the declarations.
    const generated = `
      declare namespace generated {
        export { Query };
      }
      type Maybe<T> = T | null;
      type InputMaybe<T> = Maybe<T>;
      type Scalars = {
        ID: string;
        String: string;
        Int: number;
        /** A date and time in ISO 8601. */
        DateTime: Date;
      };
      /** Something with an id. */
      type Node = {
        id: Scalars["ID"];
      };
      /** A work item. */
      type Issue = Node & {
        __typename?: "Issue";
        id: Scalars["ID"];
        /** The title. */
        title: Scalars["String"];
        labels?: Maybe<Array<Maybe<Scalars["String"]>>>;
        createdAt: Scalars["DateTime"];
        priority: Priority;
        /** @deprecated Use title instead. */
        name?: Maybe<Scalars["String"]>;
        children: Array<Issue>;
      };
      type IssueChildrenArgs = {
        first?: InputMaybe<Scalars["Int"]>;
      };
      type Team = Node & { __typename?: "Team"; id: Scalars["ID"] };
      type SearchHit = Issue | Team;
      declare enum Priority {
        /** Drop everything. */
        Urgent = "urgent",
        Low = "low"
      }
      /** What a new issue needs. */
      type IssueCreateInput = {
        /** The title. */
        title: Scalars["String"];
        parent?: InputMaybe<IssueCreateInput>;
        priority?: InputMaybe<Priority>;
      };
      type Query = {
        __typename?: "Query";
        /** One issue. */
        issue: Issue;
        search: Array<SearchHit>;
      };
      type QueryIssueArgs = {
        id: Scalars["String"];
      };
      type Mutation = {
        __typename?: "Mutation";
        issueCreate?: Maybe<Issue>;
      };
      type MutationIssueCreateArgs = {
        input: IssueCreateInput;
      };
      type IssueFragment = { __typename: "Issue"; id: string };
      type UnusedInput = { a: Scalars["String"] };
    `;
    const { sdl, counts } = sdlFromCodegen(generated);
    expect(normalized(sdl)).toBe(
      normalized(`
        schema { query: Query mutation: Mutation }
        """A date and time in ISO 8601."""
        scalar DateTime
        """Something with an id."""
        interface Node { id: ID! }
        """A work item."""
        type Issue implements Node {
          id: ID!
          """The title."""
          title: String!
          labels: [String]
          createdAt: DateTime!
          priority: Priority!
          name: String @deprecated(reason: "Use title instead.")
          children(first: Int): [Issue!]!
        }
        type Team implements Node { id: ID! }
        union SearchHit = Issue | Team
        enum Priority {
          """Drop everything."""
          urgent
          low
        }
        """What a new issue needs."""
        input IssueCreateInput {
          """The title."""
          title: String!
          parent: IssueCreateInput
          priority: Priority
        }
        type Query {
          """One issue."""
          issue(id: String!): Issue!
          search: [SearchHit!]!
        }
        type Mutation { issueCreate(input: IssueCreateInput!): Issue }
      `),
    );
    // Operation types and unreachable types of the SDK are not part of the schema.
    expect(sdl).not.toContain('IssueFragment');
    expect(sdl).not.toContain('UnusedInput');
    expect(counts).toMatchObject({ type: 4, interface: 1, union: 1, input: 1, enum: 1, scalar: 1 });
  });

  it("reads monday.com's style: exported declarations, Scalars['X']['input'|'output'] and snake_case argument types", () => {
    const generated = `
      export type Maybe<T> = T | null;
      export type InputMaybe<T> = Maybe<T>;
      export type Scalars = {
        ID: { input: string; output: string };
        String: { input: string; output: string };
        JSON: { input: any; output: any };
      };
      export type Item = { __typename?: 'Item'; id: Scalars['ID']['output']; name: Scalars['String']['output'] };
      export type Query = { __typename?: 'Query'; items?: Maybe<Array<Maybe<Item>>> };
      export type QueryItemsArgs = { ids?: InputMaybe<Array<Scalars['ID']['input']>> };
      export type Mutation = { __typename?: 'Mutation'; create_item?: Maybe<Item> };
      export type MutationCreate_ItemArgs = {
        board_id: Scalars['ID']['input'];
        column_values?: InputMaybe<Scalars['JSON']['input']>;
      };
    `;
    expect(normalized(sdlFromCodegen(generated).sdl)).toBe(
      normalized(`
        scalar JSON
        type Item { id: ID! name: String! }
        type Query { items(ids: [ID!]): [Item] }
        type Mutation { create_item(board_id: ID!, column_values: JSON): Item }
      `),
    );
  });

  it('refuses input that is not generator output, or refers to an undeclared type', () => {
    expect(() => sdlFromCodegen('type Query = { a: string };')).toThrow(/no `Scalars` type/);
    expect(() => sdlFromCodegen('type Scalars = { String: string }; type Query = { __typename?: "Query"; a: Missing };')).toThrow(
      /Missing is referenced but not declared/,
    );
  });
});
