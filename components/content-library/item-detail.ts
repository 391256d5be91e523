import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { ContentItem } from '../../src/contract/content.js';
import { richText } from '../../src/internal/rich-text.js';
import { renderMeta } from './library-view.js';
import { cssId, lockMessage, safeLink, showModalOnce, type ContentHost } from './host.js';

type Preview =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; kind: 'image' | 'pdf'; url: string }
  | { status: 'unavailable' };

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** The first bytes each previewable type must start with (the blob is typed by us, never by the server). */
function magicMatches(mime: string, bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  switch (mime) {
    case 'application/pdf':
      return ascii(0, 5) === '%PDF-';
    case 'image/png':
      return bytes[0] === 0x89 && ascii(1, 4) === 'PNG';
    case 'image/jpeg':
      return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'image/webp':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
    default:
      return false;
  }
}

/** Which preview the browser can show for an item: images, and PDFs where it has a PDF viewer. */
export function previewKind(item: ContentItem): 'image' | 'pdf' | null {
  if (item.locked || item.kind !== 'file' || !item.file) return null;
  if (IMAGE_TYPES.has(item.file.mimeType)) return 'image';
  const nav = globalThis.navigator as Navigator & { pdfViewerEnabled?: boolean };
  if (item.file.mimeType === 'application/pdf' && nav?.pdfViewerEnabled !== false) return 'pdf';
  return null;
}

export interface DetailActions {
  download(item: ContentItem): void;
  share(item: ContentItem, opener: string): void;
  downloading(item: ContentItem): boolean;
  canShare(item: ContentItem): boolean;
}

/**
 * An item opened in a modal `<dialog>` (focus stays inside; Escape closes; the focus returns to
 * the button that opened it): its description (sanitized rich text), a preview and its actions.
 * Opening records a view.
 *
 * The preview is the file fetched with the session token, checked against the magic bytes of
 * its declared type and wrapped in a Blob of exactly that type (an image or `application/pdf`:
 * never HTML, so nothing in it runs with the page's origin), shown through an object URL in an
 * `<img>` or an `<iframe>` (not sandboxed: Chromium's PDF viewer refuses sandboxed frames).
 * Neither is a Trusted Types sink; a page whose CSP leaves `blob:` out of `img-src` / `frame-src`
 * gets the message and the download button instead (the `securitypolicyviolation` event, or the
 * image's `error`).
 */
export class ItemDetail implements ReactiveController {
  item: ContentItem | null = null;
  private opener = '';
  private preview: Preview = { status: 'none' };
  private generation = 0;
  private readonly onViolation = (e: SecurityPolicyViolationEvent) => {
    if (this.preview.status === 'ready' && e.blockedURI.startsWith('blob')) this.unavailable();
  };

  constructor(
    private readonly host: ContentHost,
    private readonly actions: DetailActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('securitypolicyviolation', this.onViolation);
  }

  hostDisconnected(): void {
    document.removeEventListener('securitypolicyviolation', this.onViolation);
    this.dropPreview();
  }

  hostUpdated(): void {
    showModalOnce(this.host, 'dialog.detail');
  }

  open(item: ContentItem, opener: string): void {
    this.dropPreview();
    this.item = item;
    this.opener = opener;
    this.host.requestUpdate();
    void this.host.engaged(item, 'view');
    const kind = previewKind(item);
    if (kind) void this.loadPreview(item, kind);
  }

  /** The item changed (edited, live update) while open. */
  replace(item: ContentItem): void {
    if (this.item?.id === item.id) this.item = item;
  }

  close(): void {
    if (!this.item) return;
    this.item = null;
    this.dropPreview();
    this.host.requestUpdate();
    this.host.focusLater(this.opener);
  }

  private async loadPreview(item: ContentItem, kind: 'image' | 'pdf'): Promise<void> {
    const generation = ++this.generation;
    this.preview = { status: 'loading' };
    this.host.requestUpdate();
    try {
      const blob = await this.host.call((b) => b.downloadContent!(item.id));
      const mime = item.file!.mimeType;
      const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
      if (generation !== this.generation) return;
      if (!magicMatches(mime, head)) return this.unavailable();
      this.preview = { status: 'ready', kind, url: URL.createObjectURL(new Blob([blob], { type: mime })) };
    } catch {
      if (generation === this.generation) this.preview = { status: 'unavailable' };
    }
    this.host.requestUpdate();
  }

  private unavailable(): void {
    this.dropPreview();
    this.preview = { status: 'unavailable' };
    this.host.requestUpdate();
  }

  private dropPreview(): void {
    this.generation++;
    if (this.preview.status === 'ready') URL.revokeObjectURL(this.preview.url);
    this.preview = { status: 'none' };
  }

  private renderPreview(item: ContentItem): TemplateResult | typeof nothing {
    const p = this.preview;
    if (p.status === 'none') return nothing;
    const t = this.host.t.bind(this.host);
    let body: unknown;
    if (p.status === 'loading') body = html`<div class="preview-frame loading" role="status" aria-busy="true">${t('content.preview.loading')}</div>`;
    else if (p.status === 'unavailable') body = html`<p class="muted">${t('content.preview.unavailable')}</p>`;
    else if (p.kind === 'image') body = html`<img class="preview-frame" src=${p.url} alt="" @error=${() => this.unavailable()} />`;
    else body = html`<iframe class="preview-frame" src=${p.url} title=${t('content.preview.pdf', { title: item.title })}></iframe>`;
    return html`<section class="preview" part="preview" aria-labelledby="d-preview">
      <h3 id="d-preview">${t('content.preview')}</h3>
      ${body}
    </section>`;
  }

  render(): TemplateResult | typeof nothing {
    const item = this.item;
    if (!item) return nothing;
    const t = this.host.t.bind(this.host);
    const id = cssId(item.id);
    const link = safeLink(item);
    const busy = this.actions.downloading(item);
    return html`<dialog class="detail" part="detail" aria-labelledby="d-title" @cancel=${(ev: Event) => { ev.preventDefault(); this.close(); }}>
      <div class="dialog-head">
        <h2 id="d-title" tabindex="-1"><bdi>${item.title}</bdi></h2>
        <button type="button" class="close" part="close-button" @click=${() => this.close()}>${t('content.detail.close')}</button>
      </div>
      <div class="tags"><span class="badge type">${t(`content.type.${item.type}`)}</span></div>
      ${renderMeta(this.host, item)}
      ${item.locked ? html`<p class="lock-reason" part="lock-reason">${lockMessage(this.host, item.locked)}</p>` : nothing}
      ${richText(item.descriptionHtml, 'description', 2)}
      ${this.renderPreview(item)}
      ${item.locked
        ? nothing
        : html`<div class="actions">
            ${item.kind === 'file' && item.file
              ? html`<button type="button" class="primary" part="download-button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => this.actions.download(item)}>${t(busy ? 'content.downloading' : 'content.download')}</button>`
              : link
                ? html`<a class="button primary" part="link" href=${link} target="_blank" rel="noopener noreferrer">${t('content.openLink')}</a>`
                : nothing}
            ${this.actions.canShare(item) ? html`<button type="button" id="d-share-${id}" part="share-button" @click=${() => this.actions.share(item, `d-share-${id}`)}>${t('content.share')}</button>` : nothing}
          </div>`}
    </dialog>`;
  }
}
