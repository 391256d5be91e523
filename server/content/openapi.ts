/**
 * The content library's part of /v1/openapi.json (schemas and paths), generated from the same zod
 * schemas the SDK validates with. server/openapi.ts merges it in and lends its helpers.
 */
import type { z } from 'zod';
import {
  CONTENT_FILE_MAX_BYTES,
  CONTENT_MIME_TYPES,
  ContentEngagementQuerySchema,
  ContentEngagementReportSchema,
  ContentEventInputSchema,
  ContentEventSchema,
  ContentItemSchema,
  ContentListSchema,
  ContentPublishedDataSchema,
  ContentPublishSchema,
  ContentQuerySchema,
  ContentUpdateSchema,
  ShareLinkInputSchema,
  ShareLinkListSchema,
  ShareLinkSchema,
} from '../../src/contract/index.js';

import { queryParameters as toQueryParameters, type JsonObject, type OpenApiHelpers } from '../openapi-helpers.js';

export function contentOpenApi(h: OpenApiHelpers): { schemas: JsonObject; paths: JsonObject } {
  const { schemaOf, ref, json, problem, authErrors } = h;
  const queryParameters = (schema: z.core.$ZodType) => toQueryParameters(schemaOf, schema);
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const managerOnly = { '403': problem('Only a channel manager may do this') };
  const notFound = problem('Unknown item, or one the caller may not see (unpublished)');
  const locked = problem('The caller’s org lacks the tier or certification the item requires (`locked` says which)');
  const upload = {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: {
          metadata: { ...ref('ContentPublish'), description: 'The item as JSON (without url)' },
          file: { type: 'string', format: 'binary', description: `At most ${CONTENT_FILE_MAX_BYTES} bytes; one of ${CONTENT_MIME_TYPES.join(', ')}` },
        },
        required: ['metadata', 'file'],
      },
      encoding: { metadata: { contentType: 'application/json' } },
    },
  };
  const uploadErrors = {
    '400': problem('Malformed JSON or multipart body'),
    '413': problem('The file is larger than the upload limit (errors name `file`); nothing is stored'),
    '415': problem('A body that is neither JSON nor multipart, or a file type outside the allowlist (errors name `file`); nothing is stored'),
    '422': problem('Validation failed; errors name the field (`file` when its bytes are not of its type)'),
  };

  return {
    schemas: {
      ContentItem: schemaOf(ContentItemSchema, 'output'),
      ContentList: schemaOf(ContentListSchema, 'output'),
      ContentQuery: schemaOf(ContentQuerySchema, 'input'),
      ContentEventInput: schemaOf(ContentEventInputSchema, 'input'),
      ContentEvent: schemaOf(ContentEventSchema, 'output'),
      ShareLinkInput: schemaOf(ShareLinkInputSchema, 'input'),
      ShareLink: schemaOf(ShareLinkSchema, 'output'),
      ShareLinkList: schemaOf(ShareLinkListSchema, 'output'),
      ContentPublish: schemaOf(ContentPublishSchema, 'input'),
      ContentUpdate: schemaOf(ContentUpdateSchema, 'input'),
      ContentEngagementReport: schemaOf(ContentEngagementReportSchema, 'output'),
      ContentPublishedData: schemaOf(ContentPublishedDataSchema, 'output'),
    },
    paths: {
      '/v1/content': {
        get: {
          operationId: 'listContent',
          summary: 'Search and filter the content library; facets count each filter under the others; gated items are listed locked',
          description:
            'Full-text search (`q`, web search syntax: quoted phrases, `or`, `-word`) ranked by relevance; English stems and exact words in any language. Sort `relevance` (default with q), `updated` (default without), `title`. Keyset pages: pass nextCursor with the same query.',
          parameters: queryParameters(ContentQuerySchema),
          responses: { '200': { description: 'One page of items, the total and the facets', content: json('ContentList') }, '400': problem('Invalid query parameter; errors name it'), ...authErrors },
        },
        post: {
          operationId: 'publishContent',
          summary: 'Channel manager: publish a link (JSON with url) or a file (multipart: metadata + file); announces content.published',
          requestBody: { required: true, content: { ...json('ContentPublish'), ...upload } },
          responses: { '201': { description: 'Created', content: json('ContentItem') }, ...uploadErrors, ...managerOnly, ...authErrors },
        },
      },
      '/v1/content/engagement': {
        get: {
          operationId: 'getContentEngagement',
          summary: 'Channel manager: views, downloads, shares and prospect opens per item or per partner org, and partners who never opened their motion’s key assets',
          parameters: queryParameters(ContentEngagementQuerySchema),
          responses: { '200': { description: 'One page of the report', content: json('ContentEngagementReport') }, '400': problem('Invalid query parameter'), ...managerOnly, ...authErrors },
        },
      },
      '/v1/content/{id}': {
        get: {
          operationId: 'getContent',
          summary: 'One item (locked items carry no url)',
          parameters: [id],
          responses: { '200': { description: 'The item', content: json('ContentItem') }, '404': notFound, ...authErrors },
        },
        patch: {
          operationId: 'updateContent',
          summary: 'Channel manager: edit metadata, gate, shareable; replace the file (multipart) or the link; unpublish with published: false',
          parameters: [id],
          requestBody: { required: true, content: { ...json('ContentUpdate'), ...upload } },
          responses: { '200': { description: 'The item after the change', content: json('ContentItem') }, ...uploadErrors, ...managerOnly, '404': notFound, ...authErrors },
        },
      },
      '/v1/content/{id}/file': {
        get: {
          operationId: 'downloadContent',
          summary: 'The item’s file, with the session token; refused for a locked item even by direct URL',
          parameters: [id],
          responses: {
            '200': { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
            '403': locked,
            '404': problem('Unknown item, or an item that is a link'),
            ...authErrors,
          },
        },
      },
      '/v1/content/{id}/events': {
        post: {
          operationId: 'recordContentEvent',
          summary: 'Record a view, download or share (a locked item: view only)',
          parameters: [id],
          requestBody: { required: true, content: json('ContentEventInput') },
          responses: { '201': { description: 'Recorded', content: json('ContentEvent') }, '403': locked, '404': notFound, '415': problem('Body is not application/json'), '422': problem('Unknown type'), ...authErrors },
        },
      },
      '/v1/content/{id}/share-links': {
        post: {
          operationId: 'createShareLink',
          summary: 'Partner: a prospect-safe link to a shareable item (records a share); the token is shown once',
          parameters: [id],
          requestBody: { required: false, content: json('ShareLinkInput') },
          responses: {
            '201': { description: 'Created', content: json('ShareLink') },
            '403': problem('A channel manager, or a locked item'),
            '404': notFound,
            '409': problem('The item is not shareable'),
            '422': problem('Invalid expiresInDays'),
            ...authErrors,
          },
        },
        get: {
          operationId: 'listShareLinks',
          summary: 'Partner: the org’s live links for the item, with their prospect opens',
          parameters: [id],
          responses: { '200': { description: 'Live links', content: json('ShareLinkList') }, '403': problem('A channel manager'), '404': notFound, ...authErrors },
        },
      },
      '/v1/content/{id}/share-links/{linkId}': {
        delete: {
          operationId: 'revokeShareLink',
          summary: 'Partner: revoke one of the org’s links (idempotent)',
          parameters: [id, { name: 'linkId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Revoked' }, '403': problem('A channel manager'), '404': problem('No such link in the caller’s org'), ...authErrors },
        },
      },
      '/share/{token}': {
        get: {
          operationId: 'openShareLink',
          summary: 'A prospect opens a share link (no session): the file inline, or a redirect to the link; counted as a prospect open',
          security: [],
          parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } }],
          responses: {
            '200': { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
            '302': { description: 'Redirect to the linked page' },
            '404': problem('Unknown token'),
            '410': problem('Expired, revoked, or the item was withdrawn'),
            '429': problem('Too many opens from this address'),
          },
        },
      },
    },
  };
}
