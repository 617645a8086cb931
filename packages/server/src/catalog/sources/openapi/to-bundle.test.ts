import { type HttpBinding, type Tool, type ToolkitBundle, ToolRouterError } from '@toolrouter/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApiSource, openApiToBundle } from './index.js';

const base = { slug: 'petstore', version: '1' };

/** The tool with this slug; OpenAPI tools always have an HTTP binding. */
function tool(bundle: ToolkitBundle, slug: string): Tool & { binding: HttpBinding } {
  const found = bundle.tools.find((t) => t.slug === slug);
  if (found === undefined) throw new Error(`no tool ${slug}; have ${bundle.tools.map((t) => t.slug).join(', ')}`);
  if (found.binding.kind !== 'http') throw new Error(`${slug} has no HTTP binding`);
  return found as Tool & { binding: HttpBinding };
}

async function importFailure(input: Parameters<typeof openApiToBundle>[0]): Promise<ToolRouterError> {
  const error = await openApiToBundle(input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ToolRouterError);
  expect((error as ToolRouterError).code).toBe('IMPORT_FAILED');
  return error as ToolRouterError;
}

const petstore30 = {
  openapi: '3.0.3',
  info: { title: 'Petstore', description: 'A sample pet store.', version: '1.0.0' },
  servers: [{ url: 'https://{env}.petstore.example/v1/', variables: { env: { default: 'api' } } }],
  security: [{ petstore_auth: ['read:pets'] }],
  paths: {
    '/pets': {
      get: {
        summary: 'List all pets',
        operationId: 'listPets',
        tags: ['pets'],
        parameters: [
          { name: 'limit', in: 'query', description: 'How many pets to return', schema: { type: 'integer', maximum: 100 } },
          { name: 'Accept', in: 'header', schema: { type: 'string' } },
          { name: 'X-API-Key', in: 'header', schema: { type: 'string' } },
          { name: 'X-Request-Id', in: 'header', description: 'Correlation id', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
          },
        },
      },
      post: {
        summary: 'Create a pet',
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string' } },
            'application/json': { schema: { $ref: '#/components/schemas/Pet' } },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/pets/{petId}': {
      parameters: [{ name: 'petId', in: 'path', required: true, description: 'The id of the pet', schema: { type: 'string' } }],
      get: {
        summary: 'Get a pet',
        operationId: 'showPetById',
        security: [],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
      },
      put: {
        summary: 'Replace a pet',
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', required: ['petId'], properties: { petId: { type: 'string', description: 'New id' }, name: { type: 'string' } } },
            },
          },
        },
        responses: { '204': { description: 'done' } },
      },
      delete: { operationId: 'deletePet', responses: { '204': { description: 'gone' } } },
    },
    '/pets/{petId}/photo': {
      put: {
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '204': { description: 'stored' } },
      },
    },
    '/pets/{petId}/tags': {
      post: {
        summary: 'Get a pet',
        operationId: 'addPetTags',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/categories': {
      post: {
        summary: 'Create a category tree',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Category' } } } },
        responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Category' } } } } },
      },
    },
  },
  components: {
    securitySchemes: {
      petstore_auth: {
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: 'https://auth.petstore.example/authorize',
            tokenUrl: 'https://auth.petstore.example/token',
            scopes: { 'read:pets': 'Read pets', 'write:pets': 'Modify pets' },
          },
          clientCredentials: { tokenUrl: 'https://auth.petstore.example/token', scopes: { admin: 'Administer' } },
        },
      },
      api_key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      digest: { type: 'http', scheme: 'digest' },
    },
    schemas: {
      Pet: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string', description: 'The pet name' },
          tag: { type: 'string', nullable: true },
          owner: { $ref: '#/components/schemas/Owner' },
        },
      },
      Owner: {
        type: 'object',
        description: 'Who owns the pet',
        properties: { address: { type: 'object', properties: { city: { type: 'object', properties: { name: { type: 'string' } } } } } },
      },
      Category: {
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Category' } } },
      },
    },
  },
};

describe('openApiToBundle with OpenAPI 3.0', () => {
  it('builds the toolkit from info, servers and security schemes', async () => {
    const { toolkit } = await openApiToBundle({ ...base, spec: petstore30, categories: ['animals'], logo: 'https://x.example/l.png' });
    expect(toolkit).toEqual({
      slug: 'petstore',
      name: 'Petstore',
      description: 'A sample pet store.',
      logo: 'https://x.example/l.png',
      categories: ['animals'],
      base_url: 'https://api.petstore.example/v1',
      version: '1',
      auth_schemes: [
        {
          mode: 'OAUTH2',
          authorization_url: 'https://auth.petstore.example/authorize',
          token_url: 'https://auth.petstore.example/token',
          scopes: { admin: 'Administer', 'read:pets': 'Read pets', 'write:pets': 'Modify pets' },
          default_scopes: [],
          grants: ['authorization_code', 'client_credentials'],
          pkce: true,
          scope_separator: ' ',
        },
        { mode: 'API_KEY', in: 'header', name: 'X-API-Key', prefix: '' },
      ],
    });
  });

  it('derives readable, unique slugs from summaries, operationIds, then method and path', async () => {
    const bundle = await openApiToBundle({ ...base, spec: petstore30 });
    expect(bundle.tools.map((t) => t.slug)).toEqual([
      'PETSTORE_LIST_ALL_PETS',
      'PETSTORE_CREATE_A_PET',
      'PETSTORE_GET_A_PET',
      'PETSTORE_REPLACE_A_PET',
      'PETSTORE_DELETE_PET',
      'PETSTORE_PUT_PETS_PET_ID_PHOTO',
      // Same summary as showPetById: disambiguated with its operationId.
      'PETSTORE_ADD_PET_TAGS',
      'PETSTORE_CREATE_A_CATEGORY_TREE',
    ]);
    expect(tool(bundle, 'PETSTORE_DELETE_PET').name).toBe('Delete pet');
    expect(tool(bundle, 'PETSTORE_PUT_PETS_PET_ID_PHOTO').name).toBe('PUT /pets/{petId}/photo');
  });

  it('merges parameters and skips client-managed and API-key headers', async () => {
    const list = tool(await openApiToBundle({ ...base, spec: petstore30 }), 'PETSTORE_LIST_ALL_PETS');
    expect(list.input_parameters).toEqual({
      type: 'object',
      properties: {
        limit: { type: 'integer', maximum: 100, description: 'How many pets to return' },
        'X-Request-Id': { type: 'string', description: 'Correlation id' },
      },
      required: [],
    });
    expect(list.binding).toEqual({
      kind: 'http',
      method: 'GET',
      path: '/pets',
      args: { limit: { in: 'query', name: 'limit' }, 'X-Request-Id': { in: 'header', name: 'X-Request-Id' } },
    });
    expect(list.scopes).toEqual(['read:pets']);
  });

  it('merges a JSON object body into the arguments, preferring JSON and dropping readOnly fields', async () => {
    const create = tool(await openApiToBundle({ ...base, spec: petstore30 }), 'PETSTORE_CREATE_A_PET');
    expect(Object.keys(create.input_parameters.properties ?? {})).toEqual(['name', 'tag', 'owner']);
    expect(create.input_parameters.required).toEqual(['name']);
    expect(create.input_parameters.properties?.['tag']).toEqual({ type: ['string', 'null'] });
    expect(create.input_parameters.properties?.['owner']).toMatchObject({ description: 'Who owns the pet' });
    expect(create.binding.body).toEqual({ content_type: 'application/json', mode: 'fields' });
    expect(create.binding.args['name']).toEqual({ in: 'body', name: 'name' });
  });

  it('renames a body field that collides with a parameter and records the wire name', async () => {
    const replace = tool(await openApiToBundle({ ...base, spec: petstore30 }), 'PETSTORE_REPLACE_A_PET');
    expect(replace.binding.args).toEqual({
      petId: { in: 'path', name: 'petId' },
      body_petId: { in: 'body', name: 'petId' },
      name: { in: 'body', name: 'name' },
    });
    expect(replace.input_parameters.properties?.['petId']).toEqual({ type: 'string', description: 'The id of the pet' });
    // The body is optional, so its required fields are not required arguments.
    expect(replace.input_parameters.required).toEqual(['petId']);
  });

  it('sends arrays and binary payloads whole as one body argument', async () => {
    const bundle = await openApiToBundle({ ...base, spec: petstore30 });
    const photo = tool(bundle, 'PETSTORE_PUT_PETS_PET_ID_PHOTO');
    expect(photo.binding.body).toEqual({ content_type: 'application/octet-stream', mode: 'whole' });
    expect(photo.input_parameters.properties?.['body']).toMatchObject({ type: 'string', format: 'binary' });
    expect(photo.input_parameters.required).toEqual(['petId', 'body']);
    const tags = tool(bundle, 'PETSTORE_ADD_PET_TAGS');
    expect(tags.binding.body).toEqual({ content_type: 'application/json', mode: 'whole' });
    expect(tags.input_parameters.properties?.['body']).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it('tags tools with MCP hints from the method plus the OpenAPI tags', async () => {
    const bundle = await openApiToBundle({ ...base, spec: petstore30 });
    expect(tool(bundle, 'PETSTORE_LIST_ALL_PETS').tags).toEqual(['readOnlyHint', 'idempotentHint', 'openWorldHint', 'pets']);
    expect(tool(bundle, 'PETSTORE_CREATE_A_PET').tags).toEqual(['openWorldHint']);
    expect(tool(bundle, 'PETSTORE_REPLACE_A_PET').tags).toEqual(['idempotentHint', 'openWorldHint']);
    expect(tool(bundle, 'PETSTORE_DELETE_PET').tags).toEqual(['idempotentHint', 'destructiveHint', 'openWorldHint']);
  });

  it('marks operations with explicitly empty security as needing no auth', async () => {
    const bundle = await openApiToBundle({ ...base, spec: petstore30 });
    expect(tool(bundle, 'PETSTORE_GET_A_PET').no_auth).toBe(true);
    expect(tool(bundle, 'PETSTORE_LIST_ALL_PETS').no_auth).toBe(false);
  });

  it('inlines the first 2xx JSON response with a shallow depth limit', async () => {
    const bundle = await openApiToBundle({ ...base, spec: petstore30 });
    const get = tool(bundle, 'PETSTORE_GET_A_PET');
    expect(get.output_parameters).toMatchObject({ type: 'object', properties: { id: { type: 'integer' } } });
    // Pet (0) → owner (1) → address (2): cut there.
    expect((get.output_parameters as any).properties.owner.properties.address).toEqual({
      type: 'object',
      description: 'nested fields not described',
    });
    expect(tool(bundle, 'PETSTORE_DELETE_PET').output_parameters).toEqual({});
  });

  it('terminates on recursive schemas in requests and responses', async () => {
    const tree = tool(await openApiToBundle({ ...base, spec: petstore30 }), 'PETSTORE_CREATE_A_CATEGORY_TREE');
    expect((tree.input_parameters.properties as any).children.items.description).toMatch(/Recursive structure/);
    expect(JSON.stringify(tree).length).toBeLessThan(2_000);
  });

  it('lets explicit auth schemes replace the document ones and drives no_auth from them', async () => {
    const open = await openApiToBundle({ ...base, spec: petstore30, authSchemes: [{ mode: 'NO_AUTH' }] });
    expect(open.toolkit.auth_schemes).toEqual([{ mode: 'NO_AUTH' }]);
    expect(open.tools.every((t) => t.no_auth)).toBe(true);
  });

  it('does not mutate the caller’s document', async () => {
    const copy = structuredClone(petstore30);
    await openApiToBundle({ ...base, spec: petstore30 });
    expect(petstore30).toEqual(copy);
  });

  it('is exposed as a ToolSource', async () => {
    const source = openApiSource({ ...base, spec: petstore30 });
    expect(source.name).toBe('openapi:petstore');
    const bundles = await source.load();
    expect(bundles).toHaveLength(1);
    expect(bundles[0]?.toolkit.slug).toBe('petstore');
  });
});

const notes31 = {
  openapi: '3.1.0',
  info: { title: 'Notes API', version: '2' },
  servers: [{ url: 'https://notes.example.com/api/' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, basic: { type: 'http', scheme: 'basic' } },
    schemas: {
      Note: {
        type: 'object',
        required: ['id', 'text'],
        properties: {
          id: { type: 'string', readOnly: true },
          text: { type: ['string', 'null'], description: 'The note text', examples: ['Buy milk'] },
          due: { type: 'string', format: 'date-time', exclusiveMinimum: 0 },
        },
      },
    },
  },
  paths: {
    '/notes': {
      post: {
        operationId: 'createNote',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } },
      },
    },
    '/health': { get: { summary: 'Health check', security: [], responses: { '200': { description: 'ok' } } } },
    '/attachments': {
      // Served by another host: a binding relative to the toolkit's base URL cannot reach it.
      post: { summary: 'Upload an attachment', servers: [{ url: 'https://uploads.notes.example.com' }], responses: { '201': { description: 'ok' } } },
      get: { summary: 'List attachments', servers: [{ url: 'https://notes.example.com/api' }], responses: { '200': { description: 'ok' } } },
    },
  },
};

describe('openApiToBundle with OpenAPI 3.1', () => {
  it('converts type arrays, examples, http auth schemes and operationId-only operations', async () => {
    const bundle = await openApiToBundle({ slug: 'notes', version: '7', spec: notes31 });
    expect(bundle.toolkit.base_url).toBe('https://notes.example.com/api');
    expect(bundle.toolkit.auth_schemes).toEqual([{ mode: 'BEARER_TOKEN' }, { mode: 'BASIC' }]);
    const create = tool(bundle, 'NOTES_CREATE_NOTE');
    expect(create.name).toBe('Create note');
    expect(create.version).toBe('7');
    expect(create.input_parameters).toEqual({
      type: 'object',
      properties: {
        text: { type: ['string', 'null'], description: 'The note text', examples: ['Buy milk'] },
        due: { type: 'string', format: 'date-time', exclusiveMinimum: 0 },
      },
      required: ['text'],
    });
    expect(create.output_parameters).toMatchObject({ properties: { id: { type: 'string' } }, required: ['id', 'text'] });
    expect(create.no_auth).toBe(false);
    expect(tool(bundle, 'NOTES_HEALTH_CHECK').no_auth).toBe(true);
  });

  it('leaves out operations served from a different host', async () => {
    const bundle = await openApiToBundle({ slug: 'notes', version: '7', spec: notes31 });
    expect(bundle.tools.map((t) => t.slug)).toEqual(['NOTES_CREATE_NOTE', 'NOTES_HEALTH_CHECK', 'NOTES_LIST_ATTACHMENTS']);
  });
});

const swagger2 = {
  swagger: '2.0',
  info: { title: 'Swagger Petstore', version: '1.0.0' },
  host: 'petstore.swagger.io',
  basePath: '/v2',
  schemes: ['https'],
  securityDefinitions: {
    petstore_auth: {
      type: 'oauth2',
      flow: 'accessCode',
      authorizationUrl: 'https://petstore.swagger.io/oauth/authorize',
      tokenUrl: 'https://petstore.swagger.io/oauth/token',
      scopes: { 'write:pets': 'modify pets in your account' },
    },
    api_key: { type: 'apiKey', name: 'api_key', in: 'header' },
  },
  security: [{ petstore_auth: ['write:pets'] }],
  paths: {
    '/pet': {
      post: {
        summary: 'Add a new pet to the store',
        operationId: 'addPet',
        consumes: ['application/json'],
        parameters: [{ in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }],
        responses: { '405': { description: 'Invalid input' } },
      },
    },
    '/pet/{petId}': {
      get: {
        summary: 'Find pet by ID',
        operationId: 'getPetById',
        produces: ['application/json'],
        parameters: [
          { name: 'petId', in: 'path', required: true, type: 'integer', format: 'int64', description: 'ID of pet to return' },
          { name: 'api_key', in: 'header', type: 'string' },
        ],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Pet' } } },
        security: [{ api_key: [] }],
      },
      post: {
        summary: 'Updates a pet in the store with form data',
        operationId: 'updatePetWithForm',
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [
          { name: 'petId', in: 'path', required: true, type: 'integer' },
          { name: 'name', in: 'formData', type: 'string', description: 'Updated name of the pet' },
          { name: 'status', in: 'formData', type: 'string' },
        ],
        responses: { '405': { description: 'Invalid input' } },
      },
    },
  },
  definitions: {
    Pet: {
      type: 'object',
      required: ['name'],
      properties: {
        id: { type: 'integer', format: 'int64' },
        name: { type: 'string', example: 'doggie' },
        status: { type: 'string', enum: ['available', 'pending', 'sold'], description: 'pet status in the store' },
      },
    },
  },
};

describe('openApiToBundle with Swagger 2.0', () => {
  it('converts to OpenAPI 3 first: servers, auth, bodies and form data', async () => {
    const bundle = await openApiToBundle({ slug: 'petstore', version: '1', spec: swagger2 });
    expect(bundle.toolkit.base_url).toBe('https://petstore.swagger.io/v2');
    expect(bundle.toolkit.auth_schemes).toEqual([
      {
        mode: 'OAUTH2',
        authorization_url: 'https://petstore.swagger.io/oauth/authorize',
        token_url: 'https://petstore.swagger.io/oauth/token',
        scopes: { 'write:pets': 'modify pets in your account' },
        default_scopes: [],
        grants: ['authorization_code'],
        pkce: true,
        scope_separator: ' ',
      },
      { mode: 'API_KEY', in: 'header', name: 'api_key', prefix: '' },
    ]);
    expect(bundle.tools.map((t) => t.slug)).toEqual([
      'PETSTORE_ADD_A_NEW_PET_TO_THE_STORE',
      'PETSTORE_FIND_PET_BY_ID',
      'PETSTORE_UPDATES_A_PET_IN_THE_STORE_WITH_FORM_DATA',
    ]);

    const add = tool(bundle, 'PETSTORE_ADD_A_NEW_PET_TO_THE_STORE');
    expect(add.binding.body).toEqual({ content_type: 'application/json', mode: 'fields' });
    expect(add.input_parameters.required).toEqual(['name']);
    expect(add.input_parameters.properties?.['name']).toEqual({ type: 'string', examples: ['doggie'] });

    const find = tool(bundle, 'PETSTORE_FIND_PET_BY_ID');
    expect(find.input_parameters.properties).toEqual({
      petId: { type: 'integer', format: 'int64', description: 'ID of pet to return' },
    });
    expect(find.output_parameters).toMatchObject({ type: 'object', properties: { status: { enum: ['available', 'pending', 'sold'] } } });

    const form = tool(bundle, 'PETSTORE_UPDATES_A_PET_IN_THE_STORE_WITH_FORM_DATA');
    expect(form.binding.body).toEqual({ content_type: 'application/x-www-form-urlencoded', mode: 'fields' });
    expect(Object.keys(form.binding.args)).toEqual(['petId', 'name', 'status']);
  });
});

describe('openApiToBundle errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [null, /Not an OpenAPI document: expected an object, got null/],
    ['openapi: 3.0.0', /got a string/],
    [[1, 2], /got an array/],
    [{ hello: 'world' }, /neither an "openapi".*nor a "swagger"/],
    [{ openapi: '4.0.0' }, /Unsupported OpenAPI version "4\.0\.0"/],
    [{ swagger: '1.2' }, /Unsupported Swagger version/],
  ])('rejects garbage input %j', async (spec, message) => {
    const error = await importFailure({ ...base, spec });
    expect(error.message).toMatch(message);
  });

  it('rejects an invalid document with the parser’s messages', async () => {
    const error = await importFailure({ ...base, spec: { openapi: '3.0.3', info: { title: 'x' }, paths: {} } });
    expect(error.message).toMatch(/^The OpenAPI document is invalid: .*version/);
    expect(error.errors.length).toBeGreaterThan(0);
  });

  it('rejects a broken internal reference', async () => {
    const spec = structuredClone(petstore30);
    (spec.components.schemas as Record<string, unknown>)['Pet'] = { $ref: '#/components/schemas/Missing' };
    const error = await importFailure({ ...base, spec });
    expect(error.message).toMatch(/Missing/);
  });

  it('refuses external references without fetching them', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const spec = structuredClone(petstore30);
    (spec.components.schemas as Record<string, unknown>)['Owner'] = { $ref: 'https://schemas.example/owner.json' };
    (spec.components.schemas as Record<string, unknown>)['Category'] = { $ref: './category.yaml#/Category' };
    const error = await importFailure({ ...base, spec });
    expect(error.message).toMatch(/external files or URLs.*https:\/\/schemas\.example\/owner\.json/);
    expect(error.message).toMatch(/\.\/category\.yaml#\/Category/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('rejects a document without operations', async () => {
    const spec = { openapi: '3.0.3', info: { title: 'Empty', version: '1' }, servers: [{ url: 'https://x.example' }], paths: {} };
    expect((await importFailure({ ...base, spec })).message).toMatch(/no operations/);
  });

  it('asks for base_url when the document has no absolute server URL, and accepts one', async () => {
    const spec = { ...structuredClone(petstore30), servers: [{ url: '/v1' }] };
    const error = await importFailure({ ...base, spec });
    expect(error.message).toMatch(/Missing base URL.*"\/v1".*pass base_url/);
    const bundle = await openApiToBundle({ ...base, spec, baseUrl: 'https://pets.example/v1/' });
    expect(bundle.toolkit.base_url).toBe('https://pets.example/v1');
    expect((await importFailure({ ...base, spec, baseUrl: 'ftp://x' })).message).toMatch(/not an absolute http/);
  });

  it('rejects a bad toolkit slug before parsing', async () => {
    expect((await importFailure({ ...base, slug: 'Bad Slug', spec: petstore30 })).message).toMatch(/Toolkit slug/);
  });
});

describe('required alternatives of a request body', () => {
  it('carries "one of these fields is required" over to the arguments, dropping alternatives it cannot meet', async () => {
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Alt', version: '1' },
      servers: [{ url: 'https://alt.example.com' }],
      paths: {
        '/a': {
          post: {
            summary: 'Pick one',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['y'] }] },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
        '/b': {
          post: {
            summary: 'Only one possible',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { x: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['missing'] }] },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const bundle = await openApiToBundle({ slug: 'alt', spec, version: '1' });
    const pick = bundle.tools.find((t) => t.slug === 'ALT_PICK_ONE')!;
    expect(pick.input_parameters['oneOf']).toEqual([{ required: ['x'] }, { required: ['y'] }]);
    const only = bundle.tools.find((t) => t.slug === 'ALT_ONLY_ONE_POSSIBLE')!;
    expect(only.input_parameters.required).toEqual(['x']);
    expect(only.input_parameters['oneOf']).toBeUndefined();
  });
});
