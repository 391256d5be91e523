import { html, nothing, type TemplateResult } from 'lit';
import type { ContentEngagementReport, EngagementCounts } from '../../src/contract/content.js';
import { MOTIONS, type Motion } from '../../src/contract/motions.js';
import { formatNumber } from '../../src/internal/format.js';
import type { ContentHost } from './host.js';

type Report = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; report: ContentEngagementReport; loadingMore: boolean };

const ROWS = 25;

/**
 * The channel manager's engagement view: views, downloads, shares, prospect opens and last
 * engagement per item or per partner org (optionally one motion, or one item per partner), the
 * totals, and per motion the partner orgs that never opened its key assets.
 */
export class EngagementView {
  private by: 'item' | 'partner' = 'item';
  private motion: Motion | '' = '';
  private item: { id: string; title: string } | null = null;
  private state: Report | null = null;
  private generation = 0;

  constructor(private readonly host: ContentHost) {}

  /** Shows it (loading the report the first time, or again with `reload`). */
  show(reload = false): void {
    if (!this.state || reload || this.state.status === 'error') void this.load();
  }

  /** One item's engagement per partner org. */
  forItem(item: { id: string; title: string } | null): void {
    this.item = item;
    this.by = item ? 'partner' : 'item';
    void this.load();
  }

  private async load(more = false): Promise<void> {
    const generation = ++this.generation;
    const current = this.state;
    const cursor = more && current?.status === 'done' ? current.report.nextCursor : null;
    if (more && current?.status === 'done') this.state = { ...current, loadingMore: true };
    else this.state = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const page = await this.host.call((b) =>
        b.getContentEngagement!({ by: this.by, motion: this.motion || undefined, contentId: this.item?.id, cursor: cursor ?? undefined, limit: ROWS }),
      );
      if (generation !== this.generation) return;
      const report = more && current?.status === 'done' ? { ...page, rows: [...current.report.rows, ...page.rows] } : page;
      this.state = { status: 'done', report, loadingMore: false };
    } catch (error) {
      if (generation !== this.generation) return;
      this.state = more && current?.status === 'done' ? { ...current, loadingMore: false } : { status: 'error', error };
    }
    this.host.requestUpdate();
  }

  private counts(c: EngagementCounts): TemplateResult {
    const n = (v: number) => formatNumber(this.host.locale, v);
    return html`<td>${n(c.views)}</td><td>${n(c.downloads)}</td><td>${n(c.shares)}</td><td>${n(c.prospectOpens)}</td>
      <td>${c.lastEngagedAt ? this.host.when(c.lastEngagedAt) : html`<span class="muted">${this.host.t('content.engagement.never')}</span>`}</td>`;
  }

  private renderTable(report: ContentEngagementReport): TemplateResult {
    const t = this.host.t.bind(this.host);
    const caption = this.item
      ? this.host.rich('content.engagement.caption.oneItem', { title: this.item.title })
      : t(report.by === 'item' ? 'content.engagement.caption.item' : 'content.engagement.caption.partner');
    return html`<div class="table-scroll"><table class="report-table" part="engagement-table">
      <caption>${caption}</caption>
      <thead><tr>
        <th scope="col">${t(report.by === 'item' ? 'content.engagement.item' : 'content.engagement.partner')}</th>
        <th scope="col">${t('content.engagement.views')}</th><th scope="col">${t('content.engagement.downloads')}</th>
        <th scope="col">${t('content.engagement.shares')}</th><th scope="col">${t('content.engagement.opens')}</th>
        <th scope="col">${t('content.engagement.last')}</th>
      </tr></thead>
      <tbody>
        ${report.rows.map(
          (r) => html`<tr>
            <th scope="row"><bdi>${r.content?.title ?? r.partner?.name ?? ''}</bdi>${r.content?.keyAsset ? html` <span class="badge">${t('content.keyAsset')}</span>` : nothing}${r.content && !r.content.published ? html` <span class="badge unpublished">${t('content.unpublished')}</span>` : nothing}</th>
            ${this.counts(r)}
          </tr>`,
        )}
      </tbody>
      <tfoot><tr><th scope="row">${t('content.engagement.total')}</th>${this.counts(report.totals)}</tr></tfoot>
    </table></div>`;
  }

  private renderNeverOpened(report: ContentEngagementReport): TemplateResult {
    const t = this.host.t.bind(this.host);
    const gaps = report.neverOpened.filter((g) => g.partners.length > 0);
    return html`<section class="never" part="never-opened" aria-labelledby="eng-never">
      <h3 id="eng-never">${t('content.engagement.neverOpened')}</h3>
      ${gaps.length === 0
        ? html`<p class="muted">${t('content.engagement.neverOpened.none')}</p>`
        : html`<dl>${gaps.map(
            (g) => html`<dt>${t('content.engagement.neverOpened.motion', { motion: t(`motion.${g.motion}`), count: g.keyAssets })}</dt>
              <dd><ul>${g.partners.map((p) => html`<li><bdi>${p.name}</bdi> <span class="muted">(${t(`tier.${p.tier}`)})</span></li>`)}</ul></dd>`,
          )}</dl>`}
    </section>`;
  }

  render(): TemplateResult {
    const host = this.host;
    const t = host.t.bind(host);
    const s = this.state;
    let body: unknown = nothing;
    if (!s || s.status === 'loading') body = html`<div class="loading report-loading" role="status" aria-busy="true">${t('content.engagement.loading')}</div>`;
    else if (s.status === 'error') body = host.renderError(s.error, () => void this.load(), t('content.engagement.error'));
    else
      body = html`${s.report.rows.length === 0 ? html`<p class="empty" part="empty">${t('content.engagement.empty')}</p>` : this.renderTable(s.report)}
        ${s.report.nextCursor
          ? html`<div class="actions"><button type="button" aria-disabled=${s.loadingMore ? 'true' : 'false'} @click=${() => !s.loadingMore && void this.load(true)}>${t(s.loadingMore ? 'content.moreLoading' : 'content.engagement.more')}</button></div>`
          : nothing}
        ${this.item ? nothing : this.renderNeverOpened(s.report)}`;
    return html`<section class="engagement" part="engagement" aria-labelledby="eng-title">
      <h2 id="eng-title" class="visually-hidden">${t('content.tab.engagement')}</h2>
      <div class="toolbar">
        ${this.item
          ? html`<button type="button" id="eng-all" @click=${() => this.forItem(null)}>${t('content.engagement.allItems')}</button>`
          : html`<div class="field">
              <label for="eng-by">${t('content.engagement.by')}</label>
              <select id="eng-by" @change=${(ev: Event) => { this.by = (ev.target as HTMLSelectElement).value as 'item' | 'partner'; void this.load(); }}>
                <option value="item" ?selected=${this.by === 'item'}>${t('content.engagement.byItem')}</option>
                <option value="partner" ?selected=${this.by === 'partner'}>${t('content.engagement.byPartner')}</option>
              </select>
            </div>`}
        <div class="field">
          <label for="eng-motion">${t('content.engagement.motion')}</label>
          <select id="eng-motion" @change=${(ev: Event) => { this.motion = (ev.target as HTMLSelectElement).value as Motion | ''; void this.load(); }}>
            <option value="" ?selected=${!this.motion}>${t('content.allMotions')}</option>
            ${MOTIONS.map((m) => html`<option value=${m} ?selected=${m === this.motion}>${t(`motion.${m}`)}</option>`)}
          </select>
        </div>
      </div>
      <div aria-busy=${!s || s.status === 'loading' ? 'true' : 'false'}>${body}</div>
    </section>`;
  }
}
