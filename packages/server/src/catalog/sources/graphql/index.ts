import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { type ToolkitBundle, ToolRouterError } from '@toolrouter/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { markReferenceTools } from '../../reference-tools.js';
import type { ToolSource } from '../../source.js';
import { type GraphqlToolkitDefinition, graphqlToBundle, referenceSlugsOf } from './to-bundle.js';

export { DEFAULT_SELECTION_DEPTH, type GraphqlToolkitDefinition, graphqlToBundle, hintsFor, operationDocument, referenceSlugsOf } from './to-bundle.js';
export { BUILTIN_GRAPHQL_TOOLKITS, LINEAR, MONDAY } from './toolkits.js';

/** One toolkit to load: its definition and its SDL file (`.graphql`, or gzip-compressed `.graphql.gz`). */
export interface GraphqlSourceEntry {
  definition: GraphqlToolkitDefinition;
  schemaFile: string;
}

/**
 * Toolkits described by a GraphQL schema (Linear, monday.com): each SDL file is parsed with
 * `graphql` and every root Query and Mutation field becomes a tool (see to-bundle.ts).
 */
export function graphqlSource(entries: readonly GraphqlSourceEntry[]): ToolSource {
  return {
    name: `graphql:${entries.map((e) => e.definition.toolkit.slug).join(',')}`,
    async load(): Promise<ToolkitBundle[]> {
      return Promise.all(
        entries.map(async (entry) => {
          const bundle = graphqlToBundle(await loadSchema(entry.schemaFile), entry.definition);
          markReferenceTools(bundle.tools, referenceSlugsOf(entry.definition));
          return bundle;
        }),
      );
    },
  };
}

/** Reads and builds a schema file; a broken file is a packaging bug and fails loudly. */
export async function loadSchema(file: string): Promise<GraphQLSchema> {
  try {
    const raw = await readFile(file);
    const sdl = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return buildSchema(sdl);
  } catch (cause) {
    throw new ToolRouterError('INTERNAL', `Cannot load the GraphQL schema ${file}: ${String(cause)}`, {
      suggestedFix: 'Rebuild it with `npm run catalog:graphql`.',
      cause,
    });
  }
}
