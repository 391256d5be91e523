/**
 * The pipeline's part of GET /v1/openapi.json (issue 11): PATCH /v1/deals/{id}, the lane summary
 * and the CSV export, generated from the contract's zod schemas like the rest.
 */
import type { z } from 'zod';
import {
  DealPatchSchema,
  ExitCriteriaProblemSchema,
  ExportQuerySchema,
  LaneSummaryQuerySchema,
  LaneSummarySchema,
  StaleWriteProblemSchema,
} from '../../src/contract/index.js';

import { queryParameters, type JsonObject, type OpenApiHelpers } from '../openapi-helpers.js';

/** Adds the pipeline's schemas and paths to the document built by server/openapi.ts. */
export function addPipelineOpenApi(doc: { components: { schemas: JsonObject }; paths: Record<string, JsonObject> }, h: OpenApiHelpers): void {
  const { schemaOf, ref, authErrors } = h;
  const problem = (description: string, schema?: string) =>
    schema ? { description, content: { 'application/problem+json': { schema: ref(schema) } } } : h.problem(description);
  Object.assign(doc.components.schemas, {
    DealPatch: schemaOf(DealPatchSchema, 'input'),
    ExitCriteriaProblem: schemaOf(ExitCriteriaProblemSchema, 'output'),
    StaleWriteProblem: schemaOf(StaleWriteProblemSchema, 'output'),
    LaneSummary: schemaOf(LaneSummarySchema, 'output'),
  });
  const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  doc.paths['/v1/deals/{id}'] = {
    ...doc.paths['/v1/deals/{id}'],
    patch: {
      operationId: 'updateDeal',
      summary: 'Edit the next step or stage note, confirm amount or close date, move the stage',
      description:
        "A partner edits its own organisation's deals, a channel manager any deal. `version` is the deal's version as last seen: if the deal changed since, 409 stale-write carries the fresh deal. A stage move must stay within the deal's motion and meet the exit criteria of every stage it leaves (one table shared with the SDK: src/contract/pipeline.ts), evaluated on the deal as this request would leave it; otherwise 422 exit-criteria-unmet lists what is `missing`. Each change adds a history entry (stage-moved, next-step-updated, stage-note-updated, amount-confirmed, close-date-confirmed) and a deal.updated event. Sending a change that is already in place answers 200 with the deal unchanged (a safe retry).",
      parameters: [idParameter],
      requestBody: { required: true, content: { 'application/json': { schema: ref('DealPatch') } } },
      responses: {
        '200': { description: 'The deal after the change', content: { 'application/json': { schema: { oneOf: [ref('Deal'), ref('VendorDeal')] } } } },
        '400': problem('Malformed JSON'),
        '404': problem('Unknown deal, or a deal the caller may not see'),
        '409': problem('stale-write: the deal changed since `version`; `deal` is the deal as it is now', 'StaleWriteProblem'),
        '415': problem('Body is not application/json'),
        '422': {
          description: 'Validation failed (errors name the field; a stage of another motion), or exit-criteria-unmet (`missing`)',
          content: { 'application/problem+json': { schema: { oneOf: [ref('Problem'), ref('ExitCriteriaProblem')] } } },
        },
        ...authErrors,
      },
    },
  };
  doc.paths['/v1/deals/summary'] = {
    get: {
      operationId: 'getLaneSummary',
      summary: "The board's lanes: true counts and per-currency amounts of the caller's whole filtered pipeline",
      description:
        'One lane per stage of `motion` (of every motion when absent), empty lanes included, counting open deals (pending, approved, won); declined, lost and expired deals are counted in `closed` instead. Amounts are summed per currency, never across currencies.',
      parameters: queryParameters(schemaOf, LaneSummaryQuerySchema),
      responses: {
        '200': { description: 'The lanes', content: { 'application/json': { schema: ref('LaneSummary') } } },
        '400': problem('Invalid or unknown query parameter; errors name it'),
        ...authErrors,
      },
    },
  };
  doc.paths['/v1/deals/export.csv'] = {
    get: {
      operationId: 'exportDeals',
      summary: "The caller's visible deals as CSV: the filters and sort of GET /v1/deals, every page, streamed",
      description:
        'UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting; a cell starting with =, +, -, @, tab or carriage return is prefixed with an apostrophe so spreadsheet software never runs it as a formula. Partner roles get the safe columns only; a channel manager also gets partnerId, partnerName, discountBand, internalNotes and partners.',
      parameters: queryParameters(schemaOf, ExportQuerySchema),
      responses: {
        '200': {
          description: 'The CSV file (Content-Disposition: attachment)',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        '400': problem('Invalid or unknown query parameter; errors name it'),
        ...authErrors,
      },
    },
  };
}
