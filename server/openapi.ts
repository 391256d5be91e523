import { z } from 'zod';
import {
  AnnouncementListSchema,
  AnnouncementPublishSchema,
  AnnouncementReceiptReportSchema,
  AnnouncementReceiptSchema,
  AnnouncementSchema,
  CurrentRulesSchema,
  LiveEventSchema,
  MetricsQuerySchema,
  MetricsSchema,
  RulesAcknowledgeSchema,
  RulesAcknowledgementReportSchema,
  RulesPublishSchema,
  RulesReceiptSchema,
  RulesVersionListSchema,
  RulesVersionSchema,
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
import { addPipelineOpenApi } from './pipeline/openapi.js';
import { contentOpenApi } from './content/openapi.js';

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
  // Any /v1 route may also answer 403 when PARTNERKIT_ALLOWED_ORIGINS refuses the request's Origin
  // (or the session is bound to another origin); routes list their own 403s.
  const authErrors = {
    '401': problem('Missing, invalid or expired session token'),
    '429': problem('Rate limited: retry after the Retry-After header (seconds)'),
  };
  const pageParameters = [
    { name: 'cursor', in: 'query', required: false, schema: { type: 'string', maxLength: 500 }, description: 'nextCursor of the previous page' },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  ];
  const metricsQuery = schemaOf(MetricsQuerySchema, 'input') as { properties: Record<string, JsonObject> };
  const metricsParameters = Object.entries(metricsQuery.properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  const versionParameter = { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const jsonBody = (name: string, required = true) => ({ required, content: json(name) });
  const managerOnly = { '403': problem('Only a channel manager may do this') };
  const badPage = { '400': problem('Invalid cursor or limit; errors name the parameter') };
  const receipt = (name: string, what: string) => ({
    '200': { description: `${what} already recorded: the same receipt again`, content: json(name) },
    '201': { description: `${what} recorded`, content: json(name) },
  });

  const content = contentOpenApi({ schemaOf, ref, json, problem, authErrors });

  const doc = {
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
        RulesPublish: schemaOf(RulesPublishSchema, 'input'),
        RulesVersion: schemaOf(RulesVersionSchema, 'output'),
        RulesVersionList: schemaOf(RulesVersionListSchema, 'output'),
        CurrentRules: schemaOf(CurrentRulesSchema, 'output'),
        RulesAcknowledge: schemaOf(RulesAcknowledgeSchema, 'input'),
        RulesReceipt: schemaOf(RulesReceiptSchema, 'output'),
        RulesAcknowledgementReport: schemaOf(RulesAcknowledgementReportSchema, 'output'),
        AnnouncementPublish: schemaOf(AnnouncementPublishSchema, 'input'),
        Announcement: schemaOf(AnnouncementSchema, 'output'),
        AnnouncementList: schemaOf(AnnouncementListSchema, 'output'),
        AnnouncementReceipt: schemaOf(AnnouncementReceiptSchema, 'output'),
        AnnouncementReceiptReport: schemaOf(AnnouncementReceiptReportSchema, 'output'),
        LiveEvent: schemaOf(LiveEventSchema, 'output'),
        ...content.schemas,
        Metrics: schemaOf(MetricsSchema, 'output'),
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
            'Partner roles see their own organisation\'s deals with safe fields (Deal); a channel manager sees every deal with vendor fields (VendorDeal). Keyset pagination: pass nextCursor as cursor with the same sort. `total` counts every matching deal (not the page) without a count per request: exact from per-partner counters without `q`; with `q` the matches are counted on the first page (counting stops at 1,000 matches, and then `total` is 1000 and `totalIsEstimate` is true) and the cursor carries that count to the next pages. `sort` orders by created or last activity time, expected close date, amount, customer, partner name, the place of the stage in its motion, the place of the status in the life of a deal (pending, approved, declined, expired, won, lost), owner or next step (none first), `-` for descending, ties by id. `q` matches company, domain, owner and next step (case-insensitive substring, trigram-indexed).',
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
      '/v1/rules': {
        get: {
          operationId: 'listRulesVersions',
          summary: 'Published rules versions, newest first',
          parameters: pageParameters,
          responses: { '200': { description: 'One page of versions', content: json('RulesVersionList') }, ...badPage, ...authErrors },
        },
        post: {
          operationId: 'publishRules',
          summary: 'Channel manager: publish the next rules version (Markdown body, summary of what changed)',
          requestBody: jsonBody('RulesPublish'),
          responses: {
            '201': { description: 'Published; versions are increasing integers', content: json('RulesVersion') },
            '400': problem('Malformed JSON'),
            ...managerOnly,
            '415': problem('Body is not application/json'),
            '422': problem('Validation failed; errors name the field'),
            ...authErrors,
          },
        },
      },
      '/v1/rules/current': {
        get: {
          operationId: 'getCurrentRules',
          summary: "The current rules version with the caller's acknowledgment and what changed since their last one",
          responses: { '200': { description: 'The current version', content: json('CurrentRules') }, '404': problem('No rules published yet'), ...authErrors },
        },
      },
      '/v1/rules/{version}/acknowledgements': {
        post: {
          operationId: 'acknowledgeRules',
          summary: 'Acknowledge a rules version (idempotent); optional body { bodySha256 } of what was read',
          parameters: [versionParameter],
          requestBody: jsonBody('RulesAcknowledge', false),
          responses: {
            ...receipt('RulesReceipt', 'Acknowledgment'),
            '400': problem('Invalid version or malformed JSON'),
            '403': problem('A channel manager does not acknowledge rules'),
            '404': problem('Unknown version'),
            '409': problem('The version is superseded; currentVersion names the current one'),
            '422': problem('bodySha256 does not match the version'),
            ...authErrors,
          },
        },
        get: {
          operationId: 'getRulesAcknowledgements',
          summary: 'Channel manager: per partner org and user, who acknowledged the version and when, and who has not',
          parameters: [versionParameter, ...pageParameters],
          responses: {
            '200': { description: 'One page of partner orgs', content: json('RulesAcknowledgementReport') },
            ...badPage,
            ...managerOnly,
            '404': problem('Unknown version'),
            ...authErrors,
          },
        },
      },
      '/v1/announcements': {
        get: {
          operationId: 'listAnnouncements',
          summary: "Announcements the caller may see, pinned first then newest, with the caller's unread count",
          parameters: pageParameters,
          responses: { '200': { description: 'One page of announcements', content: json('AnnouncementList') }, ...badPage, ...authErrors },
        },
        post: {
          operationId: 'publishAnnouncement',
          summary: 'Channel manager: publish an announcement to all partners or an audience (tiers, motions)',
          requestBody: jsonBody('AnnouncementPublish'),
          responses: {
            '201': { description: 'Published', content: json('Announcement') },
            '400': problem('Malformed JSON'),
            ...managerOnly,
            '415': problem('Body is not application/json'),
            '422': problem('Validation failed; errors name the field'),
            ...authErrors,
          },
        },
      },
      '/v1/announcements/{id}': {
        get: {
          operationId: 'getAnnouncement',
          summary: 'One announcement',
          parameters: [idParameter],
          responses: { '200': { description: 'The announcement', content: json('Announcement') }, '404': problem('Unknown, expired, or outside the caller’s audience'), ...authErrors },
        },
      },
      '/v1/announcements/{id}/read': {
        post: {
          operationId: 'readAnnouncement',
          summary: 'Record that the caller read the announcement (idempotent; no body)',
          parameters: [idParameter],
          responses: { ...receipt('AnnouncementReceipt', 'Read receipt'), '404': problem('Unknown, expired, or outside the caller’s audience'), ...authErrors },
        },
      },
      '/v1/announcements/{id}/acknowledgement': {
        post: {
          operationId: 'acknowledgeAnnouncement',
          summary: 'Acknowledge an announcement that requires it (idempotent; implies read; no body)',
          parameters: [idParameter],
          responses: {
            ...receipt('AnnouncementReceipt', 'Acknowledgment'),
            '404': problem('Unknown, expired, or outside the caller’s audience'),
            '409': problem('This announcement does not require an acknowledgment'),
            ...authErrors,
          },
        },
      },
      '/v1/announcements/{id}/receipts': {
        get: {
          operationId: 'getAnnouncementReceipts',
          summary: 'Channel manager: per partner org in the audience and user, who read and acknowledged it, and who has not',
          parameters: [idParameter, ...pageParameters],
          responses: {
            '200': { description: 'One page of partner orgs', content: json('AnnouncementReceiptReport') },
            ...badPage,
            ...managerOnly,
            '404': problem('Unknown announcement'),
            ...authErrors,
          },
        },
      },
      '/v1/events': {
        get: {
          operationId: 'events',
          summary: "Server-sent events for the caller's scope",
          description:
            'text/event-stream. Each event has `id:` (increasing), `event:` (deal.created, deal.updated, deal.decided, rules.published, announcement.published, content.published) and `data:` (a LiveEvent as JSON). Deal events carry the deal as the receiver may see it (Deal for partners, VendorDeal for channel managers); a partner never receives another partner\'s deal events. Resume with the Last-Event-ID header (or the lastEventId query parameter): every event after it is replayed in order, then the stream goes live. A `: heartbeat` comment is sent every 15 s.',
          parameters: [
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d{1,18}$' } },
            { name: 'lastEventId', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{1,18}$' }, description: 'Fallback for clients that cannot set the header; the header wins' },
          ],
          responses: {
            '200': { description: 'The event stream', content: { 'text/event-stream': { schema: ref('LiveEvent') } } },
            '400': problem('Invalid Last-Event-ID / lastEventId, or an unknown query parameter'),
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
      '/v1/metrics': {
        get: {
          operationId: 'getMetrics',
          summary: "The caller's partner-program figures for a period",
          description:
            'Partner-sourced and influenced pipeline (open, registered in the period) and closed-won revenue per motion and currency (attribution-weighted; a program figure counts every deal at most once), win rate, median cycle time, registrations by status, approval SLA compliance, the same for the previous period, a monthly revenue trend, and (now) protection expiring within 14 days and stale deals. A partner gets its own org\'s figures only, and passing partnerId or breakdown is refused (400). A channel manager gets the program (or one partner org with partnerId), the program average, and a breakdown by partner or tier. Amounts in different currencies are never added up unless the vendor configured exchange rates (currencyConversion).',
          parameters: metricsParameters,
          responses: {
            '200': { description: 'The figures', content: json('Metrics') },
            '400': problem('Invalid query parameter (bad period or dates, from after to, unknown motion, a partner passing partnerId or breakdown, unknown partnerId); errors name the parameter'),
            ...authErrors,
          },
        },
      },
      ...content.paths,
    } as Record<string, JsonObject>,
  };
  addPipelineOpenApi(doc, { schemaOf, ref, json, problem, authErrors });
  return doc;
}
