import { z } from 'zod';
import {
  DealListSchema,
  DealQuerySchema,
  DealSchema,
  HealthSchema,
  MeSchema,
  PartnerOrgSchema,
  ProblemSchema,
  SessionRequestSchema,
  SessionSchema,
  VendorDealListSchema,
  VendorDealSchema,
} from '../src/contract/index.js';

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** OpenAPI 3.1 document for the routes this server implements, generated from the contract's zod schemas. */
export function buildOpenApi(version: string): JsonObject {
  const query = schemaOf(DealQuerySchema, 'input') as { properties: Record<string, JsonObject>; required?: string[] };
  const dealParameters = Object.entries(query.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: (query.required ?? []).includes(name) && !('default' in schema),
    schema: name === 'limit' ? { type: 'integer', minimum: 1, maximum: 100, default: 25 } : schema,
  }));
  const authErrors = {
    '401': problem('Missing, invalid or expired session token'),
    '403': problem('The request comes from an origin that is not allowed, or the session is bound to another origin'),
    '429': problem('Rate limited: retry after the Retry-After header (seconds)'),
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Partnerkit REST API',
      version,
      description:
        'REST contract v1 of Partnerkit, the embeddable partner portal. The vendor server exchanges its secret key for a short-lived session token (POST /v1/sessions); every other call carries that session token. Errors are RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This server' }],
    security: [{ sessionToken: [] }],
    components: {
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Session token from POST /v1/sessions.' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'The vendor secret key. Server-to-server only; only for POST /v1/sessions.' },
      },
      schemas: {
        Problem: schemaOf(ProblemSchema, 'output'),
        SessionRequest: schemaOf(SessionRequestSchema, 'input'),
        Session: schemaOf(SessionSchema, 'output'),
        PartnerOrg: schemaOf(PartnerOrgSchema, 'output'),
        Me: schemaOf(MeSchema, 'output'),
        Deal: schemaOf(DealSchema, 'output'),
        VendorDeal: schemaOf(VendorDealSchema, 'output'),
        DealList: schemaOf(DealListSchema, 'output'),
        VendorDealList: schemaOf(VendorDealListSchema, 'output'),
        DealQuery: schemaOf(DealQuerySchema, 'input'),
        Health: schemaOf(HealthSchema, 'output'),
      },
    },
    paths: {
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Health check',
          security: [],
          responses: { '200': { description: 'Healthy', content: json('Health') } },
        },
      },
      '/v1/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This OpenAPI document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/v1/sessions': {
        post: {
          operationId: 'createSession',
          summary: 'Mint a session token for a user (server-to-server, with the secret key)',
          security: [{ secretKey: [] }],
          requestBody: { required: true, content: json('SessionRequest') },
          responses: {
            '201': { description: 'Session created', content: json('Session') },
            '400': problem('Malformed JSON, or JSON nested too deeply (errors name the path)'),
            '401': problem('Missing or wrong secret key'),
            '403': problem('A browser request from an origin that is not allowed'),
            '413': problem('Body larger than the server accepts'),
            '415': problem('Body is not application/json'),
            '422': problem('Validation failed (e.g. unknown partnerId, an origin that is not allowed)'),
            '429': problem('Rate limited (too many sessions or failed keys from this address): retry after Retry-After seconds'),
          },
        },
      },
      '/v1/me': {
        get: {
          operationId: 'getMe',
          summary: 'The current user, their partner org and rules acknowledgment status',
          responses: { '200': { description: 'Current user', content: json('Me') }, ...authErrors },
        },
      },
      '/v1/deals': {
        get: {
          operationId: 'listDeals',
          summary: "The caller's visible deals",
          description:
            'Partner roles see their own organisation\'s deals with safe fields (Deal); a channel manager sees every deal with vendor fields (VendorDeal). Keyset pagination: pass nextCursor as cursor with the same sort.',
          parameters: dealParameters,
          responses: {
            '200': {
              description: 'One page of deals',
              content: { 'application/json': { schema: { oneOf: [ref('DealList'), ref('VendorDealList')] } } },
            },
            '400': problem('Invalid query parameter; errors name the parameter'),
            ...authErrors,
          },
        },
      },
      '/v1/deals/{id}': {
        get: {
          operationId: 'getDeal',
          summary: 'One deal',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The deal', content: { 'application/json': { schema: { oneOf: [ref('Deal'), ref('VendorDeal')] } } } },
            '404': problem('Unknown deal, or a deal the caller may not see'),
            ...authErrors,
          },
        },
      },
    },
  };
}
