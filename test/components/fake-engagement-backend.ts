import type { CallOptions, PageOptions, RulesVersionList } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type {
  Announcement,
  AnnouncementList,
  AnnouncementPublish,
  AnnouncementReceipt,
  AnnouncementReceiptReport,
  CurrentRules,
  RulesAcknowledgementReport,
  RulesPublish,
  RulesReceipt,
  RulesVersion,
} from '../../src/contract/engagement.js';
import type { Me } from '../../src/contract/schemas.js';
import { FakeBackend, partnerMe } from './fake-backend.js';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const DAY = 86_400_000;
const SHA = 'a'.repeat(64);

export function rulesVersion(version: number, overrides: Partial<RulesVersion> = {}): RulesVersion {
  return {
    version,
    title: `Rules of engagement v${version}`,
    body: `# Territories\n\nVersion ${version}.`,
    bodyHtml: `<h1>Territories</h1><p>Version ${version}: registered deals win; <strong>incumbents</strong> keep renewals. See <a href="https://vendor.example/policy">the policy</a>.</p><ul><li>First come, first served</li><li>Tier breaks ties</li></ul><table><thead><tr><th>Tier</th><th>Days</th></tr></thead><tbody><tr><td>Gold</td><td>90</td></tr></tbody></table><pre><code>protection = 90d</code></pre>`,
    summary: `Summary of version ${version}`,
    bodySha256: SHA,
    publishedAt: iso(-(10 - version) * DAY),
    publishedBy: { id: 'cm1', name: 'Casey Channel' },
    ...overrides,
  };
}

export function announcement(i: number, overrides: Partial<Announcement> = {}): Announcement {
  return {
    id: `an_${i}`,
    title: `Announcement ${i}`,
    body: `Body ${i}`,
    bodyHtml: `<p>Body of announcement ${i} with <em>emphasis</em> and a <a href="https://vendor.example/${i}">link</a>.</p>`,
    pinned: false,
    requiresAcknowledgement: false,
    publishedAt: iso(-i * DAY),
    expiresAt: null,
    publishedBy: { id: 'cm1', name: 'Casey Channel' },
    readAt: null,
    acknowledgedAt: null,
    ...overrides,
  };
}

/** FakeBackend plus rules and announcements, with a controllable live stream (`emit`). */
export class FakeEngagementBackend extends FakeBackend {
  versions: RulesVersion[];
  acknowledged = new Map<number, string>();
  announcements: Announcement[];
  ackCalls: number[] = [];
  readCalls: string[] = [];
  /** Rejects the named method's next call. */
  failures: Record<string, Error> = {};
  /** Methods that wait for this before answering. */
  hold: Partial<Record<string, Promise<void>>> = {};
  private eventId = 1;

  constructor(me: Me = partnerMe(), versions: RulesVersion[] = [rulesVersion(1), rulesVersion(2)], announcements: Announcement[] = [announcement(1, { pinned: true }), announcement(2, { requiresAcknowledgement: true }), announcement(3, { readAt: iso(-DAY) })]) {
    super([], me);
    this.versions = versions;
    this.announcements = announcements;
    if (me.user.role !== 'channel_manager' && versions.length > 1) this.acknowledged.set(1, iso(-5 * DAY));
    this.syncMe();
  }

  private syncMe(): void {
    const current = this.versions[this.versions.length - 1];
    const acked = [...this.acknowledged.keys()].sort((a, b) => b - a)[0] ?? null;
    this.me = {
      ...this.me,
      rules: {
        currentVersion: current?.version ?? null,
        acknowledgedVersion: acked,
        acknowledgedAt: acked ? this.acknowledged.get(acked)! : null,
        acknowledged: !current || this.me.user.role === 'channel_manager' || this.acknowledged.has(current.version),
      },
    };
  }

  private async step(method: string): Promise<void> {
    this.calls.push({ method });
    if (this.hold[method]) await this.hold[method];
    const f = this.failures[method];
    if (f) {
      delete this.failures[method];
      throw f;
    }
  }

  override async getMe(o?: CallOptions): Promise<Me> {
    await this.step('getMe');
    void o;
    this.syncMe();
    return this.me;
  }

  /** Delivers a live event of this type to the subscribers. */
  live(type: string, data: unknown = {}): void {
    this.emit({ id: String(this.eventId++), type, data });
  }

  async getCurrentRules(): Promise<CurrentRules> {
    await this.step('getCurrentRules');
    const current = this.versions[this.versions.length - 1];
    if (!current) throw new PkApiError('http', { type: 'about:blank', title: 'Not found', status: 404, detail: 'No rules of engagement have been published yet.' });
    const ackedVersions = [...this.acknowledged.keys()].sort((a, b) => b - a);
    const last = ackedVersions[0] ?? null;
    const acknowledgedAt = this.acknowledged.get(current.version) ?? null;
    const changes =
      last !== null && last !== current.version
        ? {
            sinceVersion: last,
            summaries: this.versions.filter((v) => v.version > last).map((v) => ({ version: v.version, summary: v.summary, publishedAt: v.publishedAt })),
            diff: [
              { op: 'equal' as const, text: '# Territories\n\nVersion ' },
              { op: 'delete' as const, text: String(last) },
              { op: 'insert' as const, text: String(current.version) },
              { op: 'equal' as const, text: '.' },
            ],
          }
        : null;
    return { ...current, acknowledgedAt, acknowledgedVersion: last, changes };
  }

  async acknowledgeRules(version: number): Promise<RulesReceipt> {
    this.ackCalls.push(version);
    await this.step('acknowledgeRules');
    const current = this.versions[this.versions.length - 1];
    if (current.version !== version) throw new PkApiError('http', { type: 'about:blank', title: 'Rules version superseded', status: 409, detail: `The current version is ${current.version}.` });
    if (!this.acknowledged.has(version)) this.acknowledged.set(version, iso());
    return { version, userId: this.me.user.id, partnerId: this.me.partner?.id ?? null, bodySha256: SHA, acknowledgedAt: this.acknowledged.get(version)! };
  }

  async publishRules(input: RulesPublish): Promise<RulesVersion> {
    await this.step('publishRules');
    const v = rulesVersion(this.versions.length + 1, { title: input.title, body: input.body, summary: input.summary, bodyHtml: `<p>${input.body}</p>`, publishedAt: iso() });
    this.versions.push(v);
    this.live('rules.published', { version: v.version, title: v.title, summary: v.summary, publishedAt: v.publishedAt });
    return v;
  }

  async listRulesVersions(_o?: PageOptions): Promise<RulesVersionList> {
    await this.step('listRulesVersions');
    const items = [...this.versions].reverse().map(({ body: _b, bodyHtml: _h, ...v }) => v);
    return { items, nextCursor: null, total: items.length };
  }

  async getRulesAcknowledgements(version: number): Promise<RulesAcknowledgementReport> {
    await this.step('getRulesAcknowledgements');
    return {
      version,
      items: [
        { partner: { id: 'p1', name: 'Northwind Resellers', tier: 'gold' }, acknowledged: 1, pending: 1, users: [
          { id: 'u1', name: 'Ada Rep', email: 'ada@northwind.example', role: 'partner_user', acknowledgedAt: iso(-DAY) },
          { id: 'u2', name: 'Ben Admin', email: null, role: 'partner_admin', acknowledgedAt: null },
        ] },
        { partner: { id: 'p2', name: 'Contoso Systems', tier: 'silver' }, acknowledged: 0, pending: 0, users: [] },
      ],
      nextCursor: null,
      total: 2,
      acknowledged: 1,
      pending: 1,
    };
  }

  async listAnnouncements(_o?: PageOptions): Promise<AnnouncementList> {
    await this.step('listAnnouncements');
    const items = [...this.announcements].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.publishedAt.localeCompare(a.publishedAt));
    return { items, nextCursor: null, total: items.length, unreadCount: items.filter((a) => !a.readAt).length, unacknowledgedCount: items.filter((a) => a.requiresAcknowledgement && !a.acknowledgedAt).length };
  }

  private receipt(id: string, ack: boolean): AnnouncementReceipt {
    const a = this.announcements.find((x) => x.id === id);
    if (!a) throw new PkApiError('http', { type: 'about:blank', title: 'Not found', status: 404 });
    a.readAt ??= iso();
    if (ack) a.acknowledgedAt ??= iso();
    return { announcementId: id, readAt: a.readAt, acknowledgedAt: a.acknowledgedAt };
  }

  async markAnnouncementRead(id: string): Promise<AnnouncementReceipt> {
    this.readCalls.push(id);
    await this.step('markAnnouncementRead');
    return this.receipt(id, false);
  }

  async acknowledgeAnnouncement(id: string): Promise<AnnouncementReceipt> {
    await this.step('acknowledgeAnnouncement');
    return this.receipt(id, true);
  }

  async publishAnnouncement(input: AnnouncementPublish): Promise<Announcement> {
    await this.step('publishAnnouncement');
    const a = announcement(this.announcements.length + 1, { title: input.title, body: input.body, bodyHtml: `<p>${input.body}</p>`, pinned: !!input.pinned, requiresAcknowledgement: !!input.requiresAcknowledgement, publishedAt: iso(), expiresAt: input.expiresAt ?? null, audience: { tiers: input.audience?.tiers ?? [], motions: input.audience?.motions ?? [] } });
    this.announcements.push(a);
    this.live('announcement.published', { id: a.id, title: a.title, pinned: a.pinned, requiresAcknowledgement: a.requiresAcknowledgement, publishedAt: a.publishedAt });
    return a;
  }

  async getAnnouncementReceipts(id: string): Promise<AnnouncementReceiptReport> {
    await this.step('getAnnouncementReceipts');
    const a = this.announcements.find((x) => x.id === id)!;
    return {
      announcementId: id,
      requiresAcknowledgement: a.requiresAcknowledgement,
      items: [{ partner: { id: 'p1', name: 'Northwind Resellers', tier: 'gold' }, read: 1, acknowledged: 0, pending: 1, users: [
        { id: 'u1', name: 'Ada Rep', email: null, role: 'partner_user', readAt: iso(-3600_000), acknowledgedAt: null },
        { id: 'u2', name: 'Ben Admin', email: null, role: 'partner_admin', readAt: null, acknowledgedAt: null },
      ] }],
      nextCursor: null,
      total: 1,
      read: 1,
      acknowledged: 0,
      pending: 1,
    };
  }
}
