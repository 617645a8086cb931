import type { Tool, Toolkit } from '@toolrouter/core';
import { type GraphQLInputType, type GraphQLSchema, Kind, type OperationDefinitionNode, parse, print, typeFromAST, validate } from 'graphql';
import { hintsFor } from './hints.js';
import { argumentsSchema, type InputValue } from './input-schema.js';
import type { GraphqlToolkitDefinition, HandWrittenOperation } from './to-bundle.js';

/** A hand-written operation: its arguments are the document's variables. */
export function handWrittenTool(schema: GraphQLSchema, op: HandWrittenOperation, toolkit: Toolkit, def: GraphqlToolkitDefinition): Tool {
  const document = parse(op.document);
  const problems = validate(schema, document);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (problems.length > 0 || !operation?.name || document.definitions.length !== 1 || operation.operation === 'subscription') {
    throw new Error(`The hand-written ${op.slug} is not one named query or mutation valid for the schema: ${problems.map((p) => p.message).join('; ')}`);
  }
  const variables: InputValue[] = (operation.variableDefinitions ?? []).map((v) => ({
    name: v.variable.name.value,
    type: typeFromAST(schema, v.type) as GraphQLInputType,
    description: op.variables?.[v.variable.name.value],
    // A variable with a default may be left out.
    defaultValue: v.defaultValue ? null : undefined,
  }));
  const firstField = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return {
    slug: op.slug,
    name: op.name,
    description: op.description,
    toolkit: toolkit.slug,
    input_parameters: argumentsSchema(variables),
    output_parameters: {},
    tags: hintsFor(operation.operation, firstField?.kind === Kind.FIELD ? firstField.name.value : ''),
    version: toolkit.version,
    no_auth: false,
    scopes: [],
    binding: {
      kind: 'graphql',
      endpoint: def.endpoint,
      document: print(document),
      operation_name: operation.name.value,
      variables: Object.fromEntries(variables.map((v) => [v.name, v.name])),
    },
  };
}

/** The passthrough tool: the caller's own document and variables. */
export function rawTool(slug: string, toolkit: Toolkit, def: GraphqlToolkitDefinition): Tool {
  return {
    slug,
    name: `Run a GraphQL query or mutation on ${toolkit.name}`,
    description: `Sends any GraphQL query or mutation to the ${toolkit.name} API and returns its data. Use it for selections the generated ${def.prefix} tools do not make (nested lists, extra fields) or for fields they do not cover.`,
    toolkit: toolkit.slug,
    input_parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, description: 'The GraphQL document: one query or mutation, with `$variables` for its inputs.' },
        variables: { type: 'object', additionalProperties: true, description: 'Values of the variables the document declares.' },
        operation_name: { type: 'string', description: 'Which operation to run when the document holds more than one.' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    output_parameters: {},
    tags: ['openWorldHint'],
    version: toolkit.version,
    no_auth: false,
    scopes: [],
    binding: { kind: 'graphql', endpoint: def.endpoint, document: null, operation_name: null, variables: {} },
  };
}
