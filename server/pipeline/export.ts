/**
 * The rows of GET /v1/deals/export.csv: the caller's filtered, sorted deals, read in keyset
 * batches (each its own short transaction, so a long download never holds the database) and
 * written as CSV lines. A partner gets the safe fields only; a channel manager adds the
 * vendor-only columns.
 */
import { EXPORT_COLUMNS, VENDOR_EXPORT_COLUMNS, type Deal, type DealSort, type VendorDeal } from '../../src/contract/index.js';
import type { SessionClaims } from '../auth.js';
import type { Db } from '../db.js';
import { pageDeals, serialize, type FilterParams } from '../deals.js';
import { withScope } from '../scope.js';
import { CSV_BOM, csvLine } from './csv.js';

const BATCH = 500;

function cells(d: Deal): Array<string | number | null> {
  return [
    d.id, d.customer.company, d.customer.domain, d.motion, d.stage, d.status, d.owner, d.nextStep, d.stageNote?.text ?? null,
    d.stageNote?.updatedAt ?? null, d.attribution.type, d.attribution.percent, d.amount.value, d.amount.currency, d.expectedCloseDate,
    d.protection?.startsAt ?? null, d.protection?.endsAt ?? null, d.slaDueAt, d.conflict.status, d.lastActivityAt, d.createdAt,
  ];
}

function vendorCells(d: VendorDeal): Array<string | number | null> {
  return [d.partner.id, d.partner.name, d.discountBand, d.internalNotes, d.partners.map((p) => `${p.name} (${p.type} ${p.percent}%)`).join('; ')];
}

/** Yields the CSV text: BOM and header first, then one chunk per batch of deals. */
export async function* exportDealsCsv(db: Db, session: SessionClaims, filters: FilterParams & { sort: DealSort }): AsyncGenerator<string> {
  const vendor = session.role === 'channel_manager';
  yield CSV_BOM + csvLine(vendor ? [...EXPORT_COLUMNS, ...VENDOR_EXPORT_COLUMNS] : [...EXPORT_COLUMNS]);
  let cursor: string | undefined;
  do {
    const { text, next } = await withScope(db, session, async (tx) => {
      const page = await pageDeals(tx, session, { ...filters, cursor, limit: BATCH });
      const deals = await serialize(tx, session, page.rows);
      const text = deals.map((d) => csvLine(vendor ? [...cells(d), ...vendorCells(d as VendorDeal)] : cells(d))).join('');
      return { text, next: page.nextCursor };
    });
    if (text) yield text;
    cursor = next ?? undefined;
  } while (cursor);
}
