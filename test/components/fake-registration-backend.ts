import type { CallOptions, ConflictQuery, RegisterOptions, RegistrationBackend } from '../../src/api/backend.js';
import type { ConflictCheck, DealRegistrationInput, DecisionRequest, Extension, ExtensionRequest, HistoryEntry, RegistrationPolicy, ReviewItem, ReviewQueue } from '../../src/contract/registration.js';
import type { Deal, Me, VendorDeal } from '../../src/contract/schemas.js';
import { FakeBackend, makeDeal, partnerMe } from './fake-backend.js';

export const POLICY: RegistrationPolicy = {
  protectionDays: 90,
  slaHours: 48,
  reminderDays: 7,
  inactivityDays: 30,
  conflictRule: 'first-come',
  certificationRequired: { marketplace: 'Acme Marketplace Seller' },
};

/** FakeBackend plus deal registration: records requests, answers from canned data, fails on demand. */
export class FakeRegistrationBackend extends FakeBackend implements RegistrationBackend {
  registrations: Array<{ input: DealRegistrationInput; idempotencyKey: string }> = [];
  conflictQueries: Array<{ query: ConflictQuery; signal?: AbortSignal }> = [];
  decisions: Array<{ id: string; decision: DecisionRequest }> = [];
  conflictAnswer: ConflictCheck = { status: 'none', reason: null, domain: 'example.com' };
  /** Errors thrown by the next registerDeal calls, in order. */
  registerFailures: Error[] = [];
  decideFailures: Error[] = [];
  queue: ReviewQueue;

  constructor(me: Me = partnerMe(), queueItems: ReviewItem[] = []) {
    super([], me);
    this.queue = { items: queueItems, policy: { protectionDays: 90, protectionDaysMin: 60, protectionDaysMax: 90, slaHours: 48 } };
  }

  async getRegistrationPolicy(): Promise<RegistrationPolicy> {
    return POLICY;
  }

  async checkConflicts(query: ConflictQuery, options: CallOptions = {}): Promise<ConflictCheck> {
    this.conflictQueries.push({ query, signal: options.signal });
    return this.conflictAnswer;
  }

  async registerDeal(input: DealRegistrationInput, options: RegisterOptions): Promise<Deal> {
    this.registrations.push({ input, idempotencyKey: options.idempotencyKey });
    const failure = this.registerFailures.shift();
    if (failure) throw failure;
    const deal = makeDeal(900, {
      id: 'dl_new',
      customer: { company: input.customer.company, domain: 'example.com' },
      status: 'pending',
      protection: null,
      slaDueAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
    });
    this.deals.push(deal);
    return deal;
  }

  async getReviewQueue(): Promise<ReviewQueue> {
    return this.queue;
  }

  async decideDeal(id: string, decision: DecisionRequest): Promise<VendorDeal> {
    this.decisions.push({ id, decision });
    const failure = this.decideFailures.shift();
    if (failure) throw failure;
    const item = this.queue.items.find((i) => i.deal.id === id)!;
    this.queue = { ...this.queue, items: this.queue.items.filter((i) => i !== item) };
    return { ...item.deal, status: decision.decision === 'approve' ? 'approved' : 'declined' };
  }

  override async requestExtension(id: string, request: ExtensionRequest): Promise<{ deal: Deal; extension: Extension }> {
    const item = this.queue.items.find((i) => i.deal.id === id)!;
    this.queue = { ...this.queue, items: this.queue.items.filter((i) => i !== item) };
    return { deal: item.deal, extension: { ...item.extension!, status: request.decision === 'approve' ? 'approved' : 'declined' } };
  }

  override async getDealHistory(_id?: string): Promise<{ items: HistoryEntry[] }> {
    return { items: [] };
  }
}

export function reviewItem(i: number, overrides: Partial<ReviewItem> = {}): ReviewItem {
  const deal = makeDeal(i, { status: 'pending', protection: null, partner: { id: `p${i}`, name: `Partner ${i}` } });
  return {
    kind: 'registration',
    deal: { ...deal, discountBand: null, internalNotes: null, partners: [{ partnerId: `p${i}`, name: `Partner ${i}`, type: 'sourced', percent: 100 }] },
    dueAt: new Date(Date.now() + i * 3600_000).toISOString(),
    overdue: false,
    extension: null,
    evidence: [],
    dealType: 'new',
    description: `Proof of work ${i}`,
    ...overrides,
  };
}
