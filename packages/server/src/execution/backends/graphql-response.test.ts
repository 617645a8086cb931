import { describe, expect, it } from 'vitest';
import { graphqlPayload } from './graphql-backend.js';
import { shapeGraphqlOutcome } from './graphql-response.js';

describe('shapeGraphqlOutcome', () => {
  it('returns the data object keyed by root field when there are no errors', () => {
    expect(shapeGraphqlOutcome({ data: { data: { issue: { id: '1' } } }, error: null }, 'T')).toEqual({ data: { issue: { id: '1' } }, error: null });
  });

  it('fails a 200 whose errors come with null data, or with every root field null', () => {
    const errors = [{ message: 'Entity not found', path: ['issue'], extensions: { userPresentableMessage: 'No such issue.' } }];
    for (const data of [null, { issue: null }, undefined]) {
      const out = shapeGraphqlOutcome({ data: { ...(data === undefined ? {} : { data }), errors }, error: null }, 'LINEAR_GET');
      expect(out.error).toBe('LINEAR_GET failed: Entity not found: No such issue. (at issue)');
      expect(out.data).toEqual({ graphql_errors: errors });
    }
  });

  it('keeps partial data and says it is partial', () => {
    const out = shapeGraphqlOutcome({ data: { data: { a: 1, b: null }, errors: [{ message: 'b broke', path: ['b'] }] }, error: null }, 'T');
    expect(out).toEqual({ data: { a: 1, b: null, graphql_errors: [{ message: 'b broke', path: ['b'] }], partial: true }, error: null });
  });

  it('adds GraphQL messages to an HTTP error and marks authentication errors unauthorized', () => {
    const out = shapeGraphqlOutcome(
      {
        data: { status_code: 400, body: { errors: [{ message: 'Authentication required', extensions: { code: 'AUTHENTICATION_ERROR' } }] } },
        error: '400 Bad Request from api.linear.app: {...}',
      },
      'T',
    );
    expect(out.error).toBe('T failed: Authentication required (400 Bad Request from api.linear.app)');
    expect(out.unauthorized).toBe(true);
  });

  it("reads monday.com's older error_message form and caps the list of messages", () => {
    expect(
      shapeGraphqlOutcome({ data: { error_message: 'User unauthorized to perform action', error_code: 'UserUnauthorizedException' }, error: null }, 'M').error,
    ).toBe('M failed: User unauthorized to perform action');
    const many = Array.from({ length: 8 }, (_, i) => ({ message: `m${i}` }));
    expect(shapeGraphqlOutcome({ data: { errors: many }, error: null }, 'T').error).toBe('T failed: m0; m1; m2; m3; m4; and 3 more');
  });
});

describe('graphqlPayload', () => {
  const binding = {
    kind: 'graphql' as const,
    endpoint: '/graphql',
    document: 'query Q($a: Int) { q(a: $a) }',
    operation_name: 'Q',
    variables: { a: 'a', b: 'b' },
  };
  it('maps given arguments to variables and leaves omitted ones out', () => {
    expect(graphqlPayload(binding, { a: 1, ignored: 2 })).toEqual({ query: binding.document, variables: { a: 1 }, operationName: 'Q' });
  });
  it("sends a raw tool's own document, variables and operation name", () => {
    const raw = { ...binding, document: null, operation_name: null, variables: {} };
    expect(graphqlPayload(raw, { query: '{ a }' })).toEqual({ query: '{ a }', variables: {} });
    expect(graphqlPayload(raw, { query: 'query X { a }', variables: { v: 1 }, operation_name: 'X' })).toEqual({
      query: 'query X { a }',
      variables: { v: 1 },
      operationName: 'X',
    });
  });
});
