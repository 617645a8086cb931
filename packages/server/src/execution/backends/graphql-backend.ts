import type { GraphqlBinding, HttpBinding } from '@toolrouter/core';
import type { GuardedFetch } from '../../net/index.js';
import type { BackendCall, BackendOutcome, ToolBackend } from './backend.js';
import { shapeGraphqlOutcome } from './graphql-response.js';
import { sendGuarded } from './http-backend.js';
import { buildHttpRequest } from './http-request.js';

/**
 * Catalog tools bound to a GraphQL operation (Linear, monday.com): POST `{query, variables,
 * operationName}` as JSON to the toolkit's base URL plus the binding's endpoint. The request is an
 * HTTP tool call with one whole JSON body, so credentials, host pinning, egress rules and
 * redirects behave exactly as for HTTP tools; only the answer is read the GraphQL way.
 */
export class GraphqlBackend implements ToolBackend {
  constructor(private readonly http: GuardedFetch) {}

  async run(call: BackendCall): Promise<BackendOutcome> {
    const { tool, toolkit } = call;
    if (tool.binding.kind !== 'graphql') throw new Error(`GraphqlBackend cannot run a ${tool.binding.kind} tool`);
    if (!toolkit.base_url) {
      return { data: {}, error: `Toolkit "${toolkit.slug}" has no base URL, so ${tool.slug} cannot be called.` };
    }
    const binding: HttpBinding = {
      kind: 'http',
      method: 'POST',
      path: tool.binding.endpoint,
      args: { payload: { in: 'body', name: 'payload' } },
      body: { content_type: 'application/json', mode: 'whole' },
    };
    const request = buildHttpRequest(toolkit.base_url, binding, { payload: graphqlPayload(tool.binding, call.arguments) }, call.credentials.auth);
    const outcome = await sendGuarded(this.http, request, {
      allowedHosts: [toolkit.base_url],
      allow: call.egressAllow,
      timeoutMs: call.timeoutMs,
      offHostRedirect: 'refuse',
    });
    return shapeGraphqlOutcome(outcome, tool.slug);
  }
}

/**
 * The request body. An operation tool sends its own document with each given argument as the
 * variable the binding names (omitted arguments are left out, so GraphQL defaults apply); a raw
 * tool sends the caller's `query`, `variables` and `operation_name`.
 */
export function graphqlPayload(binding: GraphqlBinding, args: Record<string, unknown>): Record<string, unknown> {
  if (binding.document === null) {
    const operationName = args['operation_name'];
    return {
      query: args['query'],
      variables: args['variables'] ?? {},
      ...(typeof operationName === 'string' && operationName !== '' ? { operationName } : {}),
    };
  }
  const variables: Record<string, unknown> = {};
  for (const [argument, variable] of Object.entries(binding.variables)) {
    if (args[argument] !== undefined) variables[variable] = args[argument];
  }
  return { query: binding.document, variables, ...(binding.operation_name ? { operationName: binding.operation_name } : {}) };
}
