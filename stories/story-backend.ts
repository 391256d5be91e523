/**
 * Canned backends for the stories. Built on the component tests' FakeBackend (imported, not
 * copied) so stories and tests exercise the elements against the same fake.
 *
 * Every story must create its backend inside `render`: a FakeBackend is stateful (recorded
 * calls, one-shot `failNext`), and a fresh object per render also makes the elements reload.
 */
import type { CallOptions } from '../src/api/backend.js';
import { PkApiError, PROBLEM_BASE } from '../src/api/errors.js';
import type { Deal, DealList, DealQuery, Me } from '../src/contract/schemas.js';
import { FakeBackend, makeDeal, makeDeals, partnerMe } from '../test/components/fake-backend.js';
import { FakeInsightsBackend } from '../test/components/fake-metrics.js';

export { FakeBackend, makeDeal, makeDeals, partnerMe };

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** A promise that never settles: keeps an element in its pending state. */
export const never = (): Promise<never> => new Promise<never>(() => {});

export const networkError = () =>
  new PkApiError('network', {
    type: `${PROBLEM_BASE}network`,
    title: 'The partner backend could not be reached',
    status: 0,
    detail: 'Failed to fetch',
  });

/** What the vendor's session endpoint answers when nobody is signed in (as the SDK reports it). */
export const signedOutError = () =>
  new PkApiError('auth', {
    type: `${PROBLEM_BASE}signed-out`,
    title: 'You are signed out',
    status: 401,
    detail: 'Sign in to the partner site again, then retry. Nothing you typed is lost.',
  });

/** What `fetch()` rejects with when offline, thrown by a vendor's own backend. */
export const fetchFailure = () => new TypeError('Failed to fetch');

export const authError = () =>
  new PkApiError('auth', {
    type: `${PROBLEM_BASE}unauthorized`,
    title: 'Your session has expired',
    status: 401,
  });

function sortValue(deal: Deal, key: string): string | number {
  switch (key) {
    case 'amount':
      return deal.amount.value;
    case 'customer':
      return deal.customer.company.toLowerCase();
    case 'createdAt':
    case 'lastActivityAt':
    case 'expectedCloseDate':
      return deal[key];
    default:
      return deal.lastActivityAt;
  }
}

/**
 * FakeBackend plus what it leaves out: free-text `q` and `sort`, so those story controls do
 * something visible. Gate, failNext and filtering by motion/stage/status stay FakeBackend's.
 * Rules and announcements come from FakeEngagementBackend (so the default portal's Rules and
 * Announcements sections show content, with their badges); metrics from FakeInsightsBackend (the
 * default portal opens on insights).
 */
export class StoryBackend extends FakeInsightsBackend {
  constructor(deals: Deal[] = makeDeals(30), me: Me = partnerMe()) {
    super(me);
    this.deals = deals;
  }

  override async listDeals(query: DealQuery = {}, options?: CallOptions): Promise<DealList> {
    const { q, sort = '-lastActivityAt', ...rest } = query;
    const needle = q?.trim().toLowerCase();
    const key = sort.replace(/^-/, '');
    const dir = sort.startsWith('-') ? -1 : 1;
    const deals = this.deals
      .filter((d) => !needle || [d.customer.company, d.customer.domain, d.nextStep ?? ''].some((s) => s.toLowerCase().includes(needle)))
      .sort((a, b) => {
        const x = sortValue(a, key);
        const y = sortValue(b, key);
        return x < y ? -dir : x > y ? dir : 0;
      });
    // Answer through a FakeBackend holding just those deals; this one's gate and failure apply.
    const inner = new FakeBackend(deals, this.me);
    inner.gate = this.gate;
    inner.failNext = this.failNext;
    this.failNext = null;
    this.calls.push({ method: 'listDeals', query });
    return inner.listDeals(rest, options);
  }
}

/** A backend whose `getMe` fails once with `error` (so the portal's retry then succeeds). */
export function failingMeBackend(error: Error = networkError()): StoryBackend {
  const backend = new StoryBackend();
  let failed = false;
  const getMe = backend.getMe.bind(backend);
  backend.getMe = async (options?: CallOptions): Promise<Me> => {
    if (failed) return getMe(options);
    failed = true;
    throw error;
  };
  return backend;
}

/** A backend whose `getMe` never answers (the portal stays loading). */
export function pendingMeBackend(): StoryBackend {
  const backend = new StoryBackend();
  backend.getMe = never;
  return backend;
}

const partners = [
  { id: 'p1', name: 'Northwind Resellers' },
  { id: 'p2', name: 'Contoso Cloud Services' },
  { id: 'p3', name: 'Fabrikam Integrations' },
  { id: 'p4', name: 'Tailspin Marketplace Co.' },
];

/** A varied pipeline across motions, statuses and partners (what a channel manager sees). */
export function mixedDeals(n = 12): Deal[] {
  const motions: Array<Pick<Deal, 'motion' | 'stage'>> = [
    { motion: 'reseller', stage: 'configure-quote' },
    { motion: 'referral', stage: 'validate' },
    { motion: 'marketplace', stage: 'private-offer' },
    { motion: 'services', stage: 'proof-workshop' },
    { motion: 'tech', stage: 'integration-fit' },
  ];
  const statuses: Deal['status'][] = ['approved', 'pending', 'won', 'approved', 'declined', 'lost', 'approved', 'expired'];
  const companies = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Hooli', 'Stark Industries', 'Wayne Logistics', 'Wonka Foods', 'Cyberdyne', 'Soylent'];
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[i % statuses.length];
    const company = companies[i % companies.length];
    return makeDeal(i + 1, {
      ...motions[i % motions.length],
      status,
      customer: { company, domain: `${company.toLowerCase().replace(/[^a-z]+/g, '')}.example` },
      partner: partners[i % partners.length],
      owner: ['Ada Rep', 'Grace Seller', 'Linus Partner'][i % 3],
      attribution: i % 3 === 1 ? { type: 'influenced', percent: 30 } : { type: 'sourced', percent: 100 },
      amount: { value: 12_000 + i * 7_350, currency: i % 4 === 3 ? 'EUR' : 'USD' },
      slaDueAt: status === 'pending' ? iso(2 * DAY) : null,
      protection:
        status === 'pending' || status === 'declined'
          ? null
          : status === 'expired'
            ? { startsAt: iso(-120 * DAY), endsAt: iso(-(5 + i) * DAY) }
            : { startsAt: iso(-30 * DAY), endsAt: iso((90 - ((i * 17) % 100)) * DAY) },
    });
  });
}

/** A partner user's own pipeline: varied deals, all of one partner. */
export function partnerDeals(n = 30): Deal[] {
  return mixedDeals(n).map((d) => ({ ...d, partner: partners[0] }));
}

/**
 * Deals showing every warning the table can show: conflicts, stale notes, overdue SLAs, expired
 * protection. Ids dl_101… so the set can be combined with the others.
 */
export function conflictDeals(): Deal[] {
  return [
    makeDeal(101, {
      customer: { company: 'Acme Corp', domain: 'acme.example' },
      conflict: { status: 'active', reason: 'Also registered by Contoso Cloud Services' },
      status: 'pending',
      protection: null,
      slaDueAt: iso(-1 * DAY),
      nextStep: 'Await channel manager decision',
    }),
    makeDeal(102, {
      customer: { company: 'Globex', domain: 'globex.example' },
      conflict: { status: 'risk', reason: 'Customer domain matches an open direct opportunity' },
      status: 'pending',
      protection: null,
      slaDueAt: iso(3 * DAY),
    }),
    makeDeal(103, {
      customer: { company: 'Initech', domain: 'initech.example' },
      stageNote: { text: 'Waiting on procurement to sign the MSA.', updatedAt: iso(-21 * DAY) },
      nextStep: null,
    }),
    makeDeal(104, {
      customer: { company: 'Umbrella Health', domain: 'umbrella.example' },
      stageNote: { text: 'Demo went well; pricing call booked.', updatedAt: iso(-1 * DAY) },
      motion: 'services',
      stage: 'commercials',
    }),
    makeDeal(105, {
      customer: { company: 'Hooli', domain: 'hooli.example' },
      status: 'expired',
      protection: { startsAt: iso(-100 * DAY), endsAt: iso(-10 * DAY) },
      stageNote: { text: 'Champion left the company.', updatedAt: iso(-45 * DAY) },
      conflict: { status: 'risk', reason: null },
    }),
    makeDeal(106, {
      customer: { company: 'Cyberdyne', domain: 'cyberdyne.example' },
      status: 'declined',
      protection: null,
      conflict: { status: 'active', reason: 'Existing customer of another partner' },
    }),
  ];
}
