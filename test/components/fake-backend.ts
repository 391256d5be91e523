import type { CallOptions, PartnerBackend } from '../../src/api/backend.js';
import type { PkStreamEvent, StreamListener } from '../../src/api/event-stream.js';
import { PkApiError } from '../../src/api/errors.js';
import type { Deal, DealList, DealQuery, Me } from '../../src/contract/schemas.js';
import { CLOSED_STATUSES, missingCriteria, type DealPatchInput, type LaneSummary, type LaneSummaryQuery } from '../../src/contract/pipeline.js';
import { stagesOf, MOTIONS } from '../../src/contract/motions.js';
import type { Extension, ExtensionRequest, HistoryEntry } from '../../src/contract/registration.js';

const PROBLEMS = 'https://partnerkit.dev/problems/';

/** A PartnerBackend for component tests: canned data, recorded calls, controllable failures. */
export class FakeBackend implements PartnerBackend {
  calls: Array<{ method: string; query?: DealQuery; patch?: DealPatchInput }> = [];
  deals: Deal[];
  me: Me;
  /** When set, the next call of listDeals rejects with it (then it is cleared). */
  failNext: Error | null = null;
  /** When set, listDeals waits for this promise before answering. */
  gate: Promise<void> | null = null;

  constructor(deals: Deal[] = makeDeals(30), me: Me = partnerMe()) {
    this.deals = deals;
    this.me = me;
  }

  async getMe(_o?: CallOptions): Promise<Me> {
    this.calls.push({ method: 'getMe' });
    return this.me;
  }

  async listDeals(query: DealQuery = {}, _o?: CallOptions): Promise<DealList> {
    this.calls.push({ method: 'listDeals', query });
    if (this.gate) await this.gate;
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    const matching = this.sorted(this.matching(query), query.sort);
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(start, start + limit);
    return { items, total: matching.length, nextCursor: start + limit < matching.length ? String(start + limit) : null };
  }

  private matching(query: DealQuery): Deal[] {
    const q = query.q?.trim().toLowerCase();
    return this.deals.filter(
      (d) =>
        (!query.motion || d.motion === query.motion) &&
        (!query.status || d.status === query.status) &&
        (!query.stage || d.stage === query.stage) &&
        (!q || d.customer.company.toLowerCase().includes(q) || d.customer.domain.includes(q) || (d.nextStep ?? '').toLowerCase().includes(q)),
    );
  }

  private sorted(deals: Deal[], sort: DealQuery['sort']): Deal[] {
    if (!sort || sort === '-lastActivityAt') return deals; // makeDeals is in this order already
    const desc = sort.startsWith('-');
    const value = sortValue(sort.replace(/^-/, ''));
    // Ties (and nulls, last either way) keep the list's order, like the server's id tiebreak.
    return [...deals].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    });
  }

  /** When set, the next updateDeal answers 409 as if someone else had written `staleWith` first. */
  staleWith: Deal | null = null;
  /** When set, updateDeal waits for this promise before answering. */
  updateGate: Promise<void> | null = null;
  history = new Map<string, HistoryEntry[]>();

  async updateDeal(id: string, patch: DealPatchInput): Promise<Deal> {
    this.calls.push({ method: 'updateDeal', patch } as never);
    if (this.updateGate) await this.updateGate;
    const i = this.deals.findIndex((d) => d.id === id);
    if (i < 0) throw new PkApiError('http', { type: `${PROBLEMS}not-found`, title: 'Not found', status: 404 });
    const current = this.deals[i];
    if (this.staleWith || (current.version ?? 1) !== patch.version) {
      const theirs = this.staleWith ?? current;
      this.staleWith = null;
      this.deals[i] = theirs;
      throw new PkApiError('http', { type: `${PROBLEMS}stale-write`, title: 'The deal changed since you read it', status: 409, deal: theirs } as never);
    }
    const now = new Date().toISOString();
    const next: Deal = { ...current, version: (current.version ?? 1) + 1, lastActivityAt: now };
    if (patch.nextStep !== undefined) next.nextStep = patch.nextStep?.trim() || null;
    if (patch.stageNote !== undefined) next.stageNote = patch.stageNote?.trim() ? { text: patch.stageNote.trim(), updatedAt: now } : null;
    if (patch.amountConfirmed !== undefined) next.amountConfirmedAt = patch.amountConfirmed ? now : null;
    if (patch.closeDateConfirmed !== undefined) next.closeDateConfirmedAt = patch.closeDateConfirmed ? now : null;
    if (patch.stage && patch.stage !== current.stage) {
      const missing = missingCriteria(next, patch.stage);
      if (missing.length) {
        throw new PkApiError('validation', {
          type: `${PROBLEMS}exit-criteria-unmet`,
          title: 'The deal does not meet the exit criteria',
          status: 422,
          from: current.stage,
          to: patch.stage,
          missing,
          errors: [{ path: 'stage', message: 'Exit criteria unmet', code: 'exit_criteria_unmet' }],
        } as never);
      }
      next.stage = patch.stage;
      this.addHistory(id, { action: 'stage-moved', change: { from: current.stage, to: patch.stage } });
    }
    this.deals[i] = next;
    return next;
  }

  private addHistory(id: string, entry: Partial<HistoryEntry>): void {
    const list = this.history.get(id) ?? [];
    list.push({ id: `h${list.length + 1}`, at: new Date().toISOString(), action: 'submitted', actor: { name: 'Ada Rep', role: 'partner_user' }, reason: null, ...entry });
    this.history.set(id, list);
  }

  async getDealHistory(id = ''): Promise<{ items: HistoryEntry[] }> {
    this.calls.push({ method: 'getDealHistory' });
    if (!this.history.has(id)) this.addHistory(id, { action: 'submitted' });
    return { items: this.history.get(id)! };
  }

  async requestExtension(id: string, request: ExtensionRequest): Promise<{ deal: Deal; extension: Extension }> {
    this.calls.push({ method: 'requestExtension' });
    const deal = this.deals.find((d) => d.id === id)!;
    this.addHistory(id, { action: 'extension-requested', reason: request.reason ?? null });
    const extension: Extension = {
      id: 'x1', dealId: id, status: 'pending', days: request.days ?? 30, reason: request.reason ?? '', requestedAt: new Date().toISOString(), decidedAt: null, decisionReason: null,
    };
    return { deal, extension };
  }

  async getLaneSummary(query: Partial<LaneSummaryQuery> = {}): Promise<LaneSummary> {
    this.calls.push({ method: 'getLaneSummary', query: query as DealQuery });
    if (this.gate) await this.gate;
    const deals = this.matching(query as DealQuery);
    const closed = (d: Deal) => (CLOSED_STATUSES as readonly string[]).includes(d.status);
    const sum = (list: Deal[]) => {
      const by = new Map<string, number>();
      for (const d of list) by.set(d.amount.currency, (by.get(d.amount.currency) ?? 0) + d.amount.value);
      return [...by].sort().map(([currency, value]) => ({ currency, value }));
    };
    const lanes = (query.motion ? [query.motion] : MOTIONS).flatMap((motion) =>
      stagesOf(motion).map((stage) => {
        const list = deals.filter((d) => d.motion === motion && d.stage === stage && !closed(d));
        return { motion, stage, count: list.length, amounts: sum(list) };
      }),
    );
    const closedArea = CLOSED_STATUSES.map((status) => {
      const list = deals.filter((d) => d.status === status);
      return { status, count: list.length, amounts: sum(list) };
    });
    return { lanes, closed: closedArea, total: deals.length };
  }

  async exportDeals(query: DealQuery = {}): Promise<Blob> {
    this.calls.push({ method: 'exportDeals', query });
    const rows = this.sorted(this.matching(query), query.sort).map((d) => [d.id, d.customer.company, d.stage].join(','));
    return new Blob(['\uFEFFid,company,stage\n' + rows.join('\n')], { type: 'text/csv' });
  }

  async getDeal(id: string): Promise<Deal> {
    const d = this.deals.find((x) => x.id === id);
    if (!d) throw new PkApiError('http', { type: 'about:blank', title: 'Not found', status: 404 });
    return d;
  }

  get listCalls() {
    return this.calls.filter((c) => c.method === 'listDeals');
  }

  /** Live-event subscribers and the types each asked for. */
  readonly subscribers = new Map<StreamListener, readonly string[] | undefined>();

  subscribe(listener: StreamListener, types?: readonly string[]): () => void {
    this.subscribers.set(listener, types);
    return () => this.subscribers.delete(listener);
  }

  /** Delivers a live event to the subscribers that asked for its type. */
  emit(event: PkStreamEvent): void {
    for (const [listener, types] of this.subscribers) if (!types || types.includes(event.type)) listener(event);
  }
}

/**
 * What a sort key of DEAL_SORTS sorts by: the field of that name, or the value a nested one shows
 * (the customer's company, the partner's name, the amount's value). Null sorts last.
 */
export function sortValue(key: string): (deal: Deal) => string | number | null {
  switch (key) {
    case 'customer':
      return (d) => d.customer.company;
    case 'partner':
      return (d) => d.partner.name;
    case 'amount':
      return (d) => d.amount.value;
    default:
      return (d) => {
        const v = (d as unknown as Record<string, unknown>)[key];
        if (typeof v !== 'string' && typeof v !== 'number' && v !== null) throw new Error(`FakeBackend cannot sort by ${key}`);
        return v;
      };
  }
}

export function partnerMe(role: Me['user']['role'] = 'partner_user'): Me {
  return {
    user: { id: 'u1', name: 'Ada Rep', email: 'ada@northwind.example', role },
    partner: role === 'channel_manager' ? null : { id: 'p1', name: 'Northwind Resellers', tier: 'gold', certifications: ['sales'], motions: ['reseller'] },
    rules: { currentVersion: 1, acknowledgedVersion: null, acknowledgedAt: null, acknowledged: false },
  };
}

export function makeDeal(i: number, overrides: Partial<Deal> = {}): Deal {
  const now = Date.now();
  return {
    id: `dl_${i}`,
    customer: { company: `Customer ${i} Ltd`, domain: `customer${i}.example` },
    motion: 'reseller',
    stage: 'qualification',
    status: 'approved',
    owner: 'Ada Rep',
    nextStep: `Call back #${i}`,
    stageNote: null,
    attribution: { type: 'sourced', percent: 100 },
    amount: { value: 10000 + i, currency: 'USD' },
    expectedCloseDate: '2027-03-01',
    protection: { startsAt: new Date(now - 10 * 86400000).toISOString(), endsAt: new Date(now + 80 * 86400000).toISOString() },
    slaDueAt: null,
    conflict: { status: 'none', reason: null },
    partner: { id: 'p1', name: 'Northwind Resellers' },
    lastActivityAt: new Date(now - i * 3600000).toISOString(),
    createdAt: new Date(now - 20 * 86400000).toISOString(),
    version: 1,
    ...overrides,
  };
}

export function makeDeals(n: number): Deal[] {
  return Array.from({ length: n }, (_, i) => makeDeal(i + 1));
}

export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
