/**
 * The slice of a dereferenced OpenAPI 3.x document the converter reads. Everything is optional
 * and loosely typed on purpose: the parser has validated the shape, but the converter still has
 * to cope with whatever real-world documents put in the optional corners.
 */
export type JsonObject = Record<string, unknown>;

export interface ParameterObject {
  name?: string;
  in?: string;
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: unknown;
  content?: Record<string, MediaTypeObject>;
  example?: unknown;
}

export interface MediaTypeObject {
  schema?: unknown;
}

export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses?: Record<string, ResponseObject>;
  security?: SecurityRequirement[];
  deprecated?: boolean;
}

export interface ServerObject {
  url?: string;
  variables?: Record<string, { default?: string; enum?: string[] }>;
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; description?: string; version?: string };
  servers?: ServerObject[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, unknown> };
  security?: SecurityRequirement[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
