import type { CallOptions, RetryableOptions } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type {
  ContentEngagementQuery,
  ContentEngagementReport,
  ContentEvent,
  ContentEventType,
  ContentItem,
  ContentList,
  ContentPublish,
  ContentQuery,
  ContentUpdate,
  ContentUpload,
  ShareLink,
  ShareLinkInput,
  ShareLinkList,
} from '../../src/contract/content.js';
import type { Me } from '../../src/contract/schemas.js';
import { partnerMe } from './fake-backend.js';
import { FakeEngagementBackend } from './fake-engagement-backend.js';

const DAY = 86_400_000;
const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

/** A one-page PDF and a 1×1 PNG, so previews have real bytes to check. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF');
export const PNG_BYTES = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

export function contentItem(i: number, overrides: Partial<ContentItem> = {}): ContentItem {
  return {
    id: `ct_${i}`,
    title: `Content item ${i}`,
    type: 'play',
    motion: 'reseller',
    industry: 'Healthcare',
    useCase: 'Expansion',
    language: 'en',
    description: `Description ${i}`,
    descriptionHtml: `<p>How to run play ${i} with <strong>partners</strong>. <a href="https://vendor.example/${i}">More</a></p>`,
    keyAsset: false,
    kind: 'file',
    file: { name: `item-${i}.pdf`, size: 120_000 + i, mimeType: 'application/pdf' },
    url: null,
    shareable: true,
    locked: null,
    publishedAt: iso(-i * DAY),
    updatedAt: iso(-i * DAY),
    ...overrides,
  };
}

/** The demo's motion-specific micro-assets, one locked, one a link, one an image. */
export function sampleContent(): ContentItem[] {
  return [
    contentItem(1, { title: 'Referral talk track', type: 'talk_track', motion: 'referral', keyAsset: true, descriptionHtml: '<p>What to say when you <em>introduce</em> the vendor to a customer.</p>' }),
    contentItem(2, { title: 'Reseller pricing matrix', type: 'pricing_matrix', motion: 'reseller', industry: 'Retail', keyAsset: true, file: { name: 'pricing.png', size: 68, mimeType: 'image/png' }, descriptionHtml: '<p>Discount bands by tier.</p>' }),
    contentItem(3, { title: 'Marketplace private-offer explainer', type: 'offer_explainer', motion: 'marketplace', industry: 'Software', useCase: 'Procurement', kind: 'link', file: null, url: 'https://vendor.example/private-offers', shareable: false, descriptionHtml: '<p>How private offers work on the cloud marketplaces.</p>' }),
    contentItem(4, { title: 'Services SOW checklist', type: 'sow_checklist', motion: 'services', industry: 'Finance', useCase: 'Implementation', shareable: false, descriptionHtml: '<p>Everything a statement of work must cover.</p>' }),
    contentItem(5, {
      title: 'Tech joint demo guide', type: 'demo_guide', motion: 'tech', industry: 'Software', useCase: 'Integration', shareable: false,
      locked: { reason: 'tier_and_certification', unlockedBy: { tier: 'platinum', certifications: ['Technical', 'Solutions Architect'] } },
      descriptionHtml: '<p>A scripted joint demo for technology partners.</p>',
    }),
  ];
}

/** FakeEngagementBackend plus the content library: search, facets, pages, engagement, share links, publishing. */
export class FakeContentBackend extends FakeEngagementBackend {
  content: ContentItem[];
  events: Array<{ id: string; type: ContentEventType }> = [];
  shareLinks: Array<ShareLink & { revoked?: boolean; opens: number }> = [];
  published: Array<{ input: ContentPublish | ContentUpdate; upload?: ContentUpload; id?: string; idempotencyKey?: string }> = [];
  contentQueries: ContentQuery[] = [];
  /** Rejects the named content method's next call. */
  contentFailures: Record<string, Error> = {};
  /** Content methods that wait for this before answering. */
  contentHold: Partial<Record<string, Promise<void>>> = {};
  private nextId = 100;

  constructor(me: Me = partnerMe(), content: ContentItem[] = sampleContent()) {
    super(me);
    this.content = content;
  }

  private async cstep(method: string): Promise<void> {
    this.calls.push({ method });
    if (this.contentHold[method]) await this.contentHold[method];
    const f = this.contentFailures[method];
    if (f) {
      delete this.contentFailures[method];
      throw f;
    }
  }

  private visible(): ContentItem[] {
    const manager = this.me.user.role === 'channel_manager';
    return this.content
      .filter((c) => manager || c.published !== false)
      .map((c) => (manager ? { published: true, gate: { tier: c.locked?.unlockedBy.tier ?? null, certifications: c.locked?.unlockedBy.certifications ?? [] }, ...c, locked: null } : { ...c, url: c.locked ? null : c.url, published: undefined, gate: undefined }));
  }

  async listContent(query: ContentQuery = {}, _o?: CallOptions): Promise<ContentList> {
    this.contentQueries.push(query);
    await this.cstep('listContent');
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const text = (c: ContentItem) => `${c.title} ${c.descriptionHtml.replace(/<[^>]+>/g, ' ')}`.toLowerCase();
    const matches = (c: ContentItem, skip?: string) =>
      words.every((w) => text(c).includes(w)) &&
      (skip === 'type' || !query.type || c.type === query.type) &&
      (skip === 'motion' || !query.motion || c.motion === query.motion) &&
      (skip === 'industry' || !query.industry || c.industry === query.industry) &&
      (skip === 'useCase' || !query.useCase || c.useCase === query.useCase);
    const all = this.visible();
    const facet = (key: 'type' | 'motion' | 'industry' | 'useCase') => {
      const counts = new Map<string, number>();
      for (const c of all.filter((x) => matches(x, key))) if (c[key]) counts.set(c[key]!, (counts.get(c[key]!) ?? 0) + 1);
      return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    const sort = query.sort ?? (words.length ? 'relevance' : 'updated');
    const hits = all.filter((c) => matches(c)).sort((a, b) => (sort === 'title' ? a.title.localeCompare(b.title) : b.updatedAt.localeCompare(a.updatedAt)));
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 24;
    return {
      items: hits.slice(start, start + limit),
      nextCursor: start + limit < hits.length ? String(start + limit) : null,
      total: hits.length,
      facets: { type: facet('type'), motion: facet('motion'), industry: facet('industry'), useCase: facet('useCase') },
    };
  }

  private find(id: string): ContentItem {
    const c = this.visible().find((x) => x.id === id);
    if (!c) throw new PkApiError('http', { type: 'about:blank', title: 'Not found', status: 404 });
    return c;
  }

  async getContent(id: string): Promise<ContentItem> {
    await this.cstep('getContent');
    return this.find(id);
  }

  async recordContentEvent(id: string, type: ContentEventType): Promise<ContentEvent> {
    await this.cstep('recordContentEvent');
    this.find(id);
    this.events.push({ id, type });
    return { contentId: id, type, recordedAt: iso() };
  }

  async downloadContent(id: string): Promise<Blob> {
    await this.cstep('downloadContent');
    const c = this.find(id);
    if (c.locked) throw new PkApiError('http', { type: 'about:blank', title: 'Forbidden', status: 403 });
    const bytes = c.file?.mimeType.startsWith('image/') ? PNG_BYTES : PDF_BYTES;
    return new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  }

  async createShareLink(id: string, input: ShareLinkInput = {}): Promise<ShareLink> {
    await this.cstep('createShareLink');
    const c = this.find(id);
    if (!c.shareable || c.locked) throw new PkApiError('http', { type: 'about:blank', title: 'Not shareable', status: 409 });
    const n = this.shareLinks.length + 1;
    const link = { id: `sl_${n}`, contentId: id, url: `https://partners.example/s/token${n}`, token: `token${n}`, expiresAt: iso((input.expiresInDays ?? 14) * DAY), createdAt: iso(), opens: 0 };
    this.shareLinks.push(link);
    this.events.push({ id, type: 'share' });
    return link;
  }

  async listShareLinks(id: string): Promise<ShareLinkList> {
    await this.cstep('listShareLinks');
    return { items: this.shareLinks.filter((l) => l.contentId === id && !l.revoked).map(({ id: linkId, contentId, expiresAt, createdAt, opens }) => ({ id: linkId, contentId, expiresAt, createdAt, createdBy: this.me.user.name, opens })) };
  }

  async revokeShareLink(_id: string, linkId: string): Promise<void> {
    await this.cstep('revokeShareLink');
    const l = this.shareLinks.find((x) => x.id === linkId);
    if (l) l.revoked = true;
  }

  private apply(base: ContentItem, input: ContentPublish | ContentUpdate, upload?: ContentUpload): ContentItem {
    const gate = input.gate ? { tier: input.gate.tier ?? null, certifications: input.gate.certifications ?? [] } : (base.gate ?? { tier: null, certifications: [] });
    const next: ContentItem = {
      ...base,
      ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'gate' && k !== 'url')),
      gate,
      descriptionHtml: input.description !== undefined ? `<p>${input.description}</p>` : base.descriptionHtml,
      updatedAt: iso(),
    } as ContentItem;
    if (input.url) Object.assign(next, { kind: 'link', url: input.url, file: null });
    if (upload) Object.assign(next, { kind: 'file', url: null, file: { name: upload.fileName, size: upload.file.size, mimeType: upload.file.type || 'application/pdf' } });
    return next;
  }

  async publishContent(input: ContentPublish, upload?: ContentUpload, options: RetryableOptions = {}): Promise<ContentItem> {
    this.published.push({ input, upload, idempotencyKey: options.idempotencyKey });
    await this.cstep('publishContent');
    const item = this.apply(contentItem(this.nextId++, { publishedAt: iso(), published: true, keyAsset: false, shareable: false }), input, upload);
    this.content.unshift(item);
    this.live('content.published', { id: item.id, title: item.title, type: item.type, motion: item.motion, publishedAt: item.publishedAt });
    return item;
  }

  async updateContent(id: string, input: ContentUpdate, upload?: ContentUpload): Promise<ContentItem> {
    this.published.push({ input, upload, id });
    await this.cstep('updateContent');
    const i = this.content.findIndex((c) => c.id === id);
    if (i < 0) throw new PkApiError('http', { type: 'about:blank', title: 'Not found', status: 404 });
    this.content[i] = this.apply(this.content[i], input, upload);
    return this.content[i];
  }

  async getContentEngagement(query: ContentEngagementQuery = {}): Promise<ContentEngagementReport> {
    await this.cstep('getContentEngagement');
    const by = query.by ?? 'item';
    const count = (id?: string) => {
      const ev = this.events.filter((e) => !id || e.id === id);
      return { views: ev.filter((e) => e.type === 'view').length, downloads: ev.filter((e) => e.type === 'download').length, shares: ev.filter((e) => e.type === 'share').length, prospectOpens: 0, lastEngagedAt: ev.length ? iso(-3600_000) : null };
    };
    const partners = [
      { id: 'p1', name: 'Northwind Resellers', tier: 'gold' as const },
      { id: 'p2', name: 'Contoso Systems', tier: 'silver' as const },
    ];
    const rows =
      by === 'item'
        ? this.content.filter((c) => !query.motion || c.motion === query.motion).map((c) => ({ ...count(c.id), content: { id: c.id, title: c.title, type: c.type, motion: c.motion, keyAsset: c.keyAsset, published: c.published !== false } }))
        : partners.map((p, i) => ({ ...(i === 0 ? count(query.contentId) : { views: 0, downloads: 0, shares: 0, prospectOpens: 0, lastEngagedAt: null }), partner: p }));
    return { by, rows, nextCursor: null, total: rows.length, totals: count(query.contentId), neverOpened: [{ motion: 'reseller', keyAssets: 1, partners: [partners[1]] }] };
  }
}
