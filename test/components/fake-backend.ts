import type { CallOptions, PartnerBackend } from '../../src/api/backend.js';
import type { PkStreamEvent, StreamListener } from '../../src/api/event-stream.js';
import { PkApiError } from '../../src/api/errors.js';
import type { Deal, DealList, DealQuery, Me } from '../../src/contract/schemas.js';

/** A PartnerBackend for component tests: canned data, recorded calls, controllable failures. */
export class FakeBackend implements PartnerBackend {
  calls: Array<{ method: string; query?: DealQuery }> = [];
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
    const matching = this.deals.filter(
      (d) => (!query.motion || d.motion === query.motion) && (!query.status || d.status === query.status) && (!query.stage || d.stage === query.stage),
    );
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(start, start + limit);
    return { items, total: matching.length, nextCursor: start + limit < matching.length ? String(start + limit) : null };
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
