import type * as z from 'zod/mini';

/**
 * What the resource modules that add to the OpenAPI document (server/content/openapi.ts,
 * server/pipeline/openapi.ts) get from server/openapi.ts: schemas, references, problem responses.
 */
export type JsonObject = Record<string, unknown>;

export interface OpenApiHelpers {
  schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject;
  ref(name: string): JsonObject;
  json(name: string): JsonObject;
  problem(description: string): JsonObject;
  authErrors: Record<string, JsonObject>;
}

/** A zod query schema's properties as OpenAPI query parameters (all optional). */
export function queryParameters(schemaOf: OpenApiHelpers['schemaOf'], schema: z.core.$ZodType): JsonObject[] {
  const q = schemaOf(schema, 'input') as { properties: Record<string, JsonObject> };
  return Object.entries(q.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}
