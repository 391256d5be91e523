import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { ContentItem, ShareLink, ShareLinkList } from '../../src/contract/content.js';
import { showModalOnce, type ContentHost } from './host.js';

const EXPIRY_DAYS = [7, 14, 30, 90] as const;

type Links = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; list: ShareLinkList };

/**
 * Sharing an item with a prospect, in a modal `<dialog>`: creates a link that opens the item
 * without a session until it expires (the partner picks how long) or is revoked; the link can
 * be copied to the clipboard (or selected, where the clipboard is refused). The org's live
 * links are listed with their opens, each revocable. Creating a link records the share on the
 * server; the element fires `pk-content-engaged`.
 */
export class ShareDialog implements ReactiveController {
  item: ContentItem | null = null;
  private opener = '';
  private days: number = 14;
  private creating = false;
  private createError: unknown = null;
  private link: ShareLink | null = null;
  private links: Links = { status: 'loading' };
  private status = '';
  private revokeFailed = '';

  constructor(private readonly host: ContentHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    showModalOnce(this.host, 'dialog.share');
  }

  open(item: ContentItem, opener: string): void {
    this.item = item;
    this.opener = opener;
    this.link = null;
    this.createError = null;
    this.status = '';
    this.revokeFailed = '';
    this.host.requestUpdate();
    void this.loadLinks();
  }

  close(): void {
    if (!this.item) return;
    this.item = null;
    this.host.requestUpdate();
    this.host.focusLater(this.opener);
  }

  private async loadLinks(): Promise<void> {
    const item = this.item;
    if (!item) return;
    this.links = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const list = await this.host.call((b) => b.listShareLinks!(item.id));
      if (this.item === item) this.links = { status: 'done', list };
    } catch (error) {
      if (this.item === item) this.links = { status: 'error', error };
    }
    this.host.requestUpdate();
  }

  private async create(): Promise<void> {
    const item = this.item;
    if (!item || this.creating) return;
    this.creating = true;
    this.createError = null;
    this.host.requestUpdate();
    try {
      const link = await this.host.call((b) => b.createShareLink!(item.id, { expiresInDays: this.days }));
      if (this.item !== item) return;
      this.link = link;
      void this.host.engaged(item, 'share', false);
      void this.loadLinks();
      this.host.focusLater('s-url');
    } catch (error) {
      this.createError = error;
    } finally {
      this.creating = false;
      this.host.requestUpdate();
    }
  }

  private async copy(): Promise<void> {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link.url);
      this.status = this.host.t('content.share.copied');
    } catch {
      // The clipboard is refused (permissions, an insecure page): select the link for the user.
      this.host.renderRoot.querySelector<HTMLInputElement>('#s-url')?.select();
      this.status = this.host.t('content.share.copyManually');
    }
    this.host.requestUpdate();
  }

  private async revoke(linkId: string): Promise<void> {
    const item = this.item;
    if (!item) return;
    this.revokeFailed = '';
    try {
      await this.host.call((b) => b.revokeShareLink!(item.id, linkId));
      if (this.link?.id === linkId) this.link = null;
      this.status = this.host.t('content.share.revoked');
      if (this.links.status === 'done') this.links = { status: 'done', list: { items: this.links.list.items.filter((l) => l.id !== linkId) } };
      this.host.focusLater('s-create');
    } catch {
      this.revokeFailed = linkId;
    }
    this.host.requestUpdate();
  }

  private renderLinks(): TemplateResult {
    const host = this.host;
    const l = this.links;
    let body: unknown;
    if (l.status === 'loading') body = html`<p class="muted" aria-busy="true">${host.t('common.loading')}</p>`;
    else if (l.status === 'error') body = host.renderError(l.error, () => void this.loadLinks(), host.t('content.share.linksError'));
    else if (l.list.items.length === 0) body = html`<p class="muted">${host.t('content.share.none')}</p>`;
    else
      body = html`<ul class="links">
        ${l.list.items.map(
          (x) => html`<li>
            <span>${host.rich('content.share.linkRow', { created: host.when(x.createdAt), expires: host.when(x.expiresAt), opens: x.opens })}</span>
            <button type="button" part="revoke-button" @click=${() => void this.revoke(x.id)}>${host.t('content.share.revoke')}</button>
            ${this.revokeFailed === x.id ? html`<span class="field-error" role="alert">${host.t('content.share.revokeFailed')}</span>` : nothing}
          </li>`,
        )}
      </ul>`;
    return html`<section aria-labelledby="s-links"><h3 id="s-links">${host.t('content.share.existing')}</h3>${body}</section>`;
  }

  render(): TemplateResult | typeof nothing {
    const item = this.item;
    if (!item) return nothing;
    const host = this.host;
    return html`<dialog class="share" part="share-dialog" aria-labelledby="s-title" @cancel=${(ev: Event) => { ev.preventDefault(); this.close(); }}>
      <div class="dialog-head">
        <h2 id="s-title" tabindex="-1">${host.rich('content.share.title', { title: item.title })}</h2>
        <button type="button" class="close" part="close-button" @click=${() => this.close()}>${host.t('content.detail.close')}</button>
      </div>
      <p>${host.t('content.share.intro')}</p>
      <form class="share-form" @submit=${(ev: Event) => { ev.preventDefault(); void this.create(); }} aria-busy=${this.creating ? 'true' : 'false'}>
        <div class="field">
          <label for="s-days">${host.t('content.share.expiry')}</label>
          <select id="s-days" @change=${(ev: Event) => (this.days = Number((ev.target as HTMLSelectElement).value))}>
            ${EXPIRY_DAYS.map((d) => html`<option value=${d} ?selected=${d === this.days}>${host.t('content.share.days', { days: d })}</option>`)}
          </select>
        </div>
        <div class="actions">
          <button type="submit" id="s-create" class="primary" part="create-link-button" aria-disabled=${this.creating ? 'true' : 'false'}>${host.t('content.share.create')}</button>
          ${this.creating ? html`<span class="muted" role="status">${host.t('content.share.creating')}</span>` : nothing}
        </div>
      </form>
      ${this.createError ? host.renderError(this.createError, () => void this.create(), host.t('content.share.failed')) : nothing}
      ${this.link
        ? html`<div class="field share-link" part="share-link">
            <label for="s-url">${host.t('content.share.url')}</label>
            <div class="copy-row">
              <input id="s-url" type="text" readonly .value=${this.link.url} aria-describedby="s-expires" @focus=${(ev: Event) => (ev.target as HTMLInputElement).select()} />
              <button type="button" class="primary" part="copy-button" @click=${() => void this.copy()}>${host.t('content.share.copy')}</button>
            </div>
            <p class="hint" id="s-expires">${host.rich('content.share.expires', { date: host.when(this.link.expiresAt) })}</p>
          </div>`
        : nothing}
      <p class="status-line" role="status">${this.status}</p>
      ${this.renderLinks()}
    </dialog>`;
  }
}
