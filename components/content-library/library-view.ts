import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ContentItem } from '../../src/contract/content.js';
import { richText } from '../../src/internal/rich-text.js';
import type { Layout } from './filters.js';
import { cssId, lockMessage, safeLink, sizeLabel, type ContentHost } from './host.js';

export interface CardActions {
  open(item: ContentItem, opener: string): void;
  download(item: ContentItem): void;
  share(item: ContentItem, opener: string): void;
  /** Channel manager. */
  edit?(item: ContentItem, opener: string): void;
  setPublished?(item: ContentItem, published: boolean): void;
  engagement?(item: ContentItem): void;
}

export interface CardState {
  manager: boolean;
  downloading: ReadonlySet<string>;
  failed: ReadonlySet<string>;
}

/** Tags above the title: type, key asset, locked, unpublished. */
function renderTags(host: ContentHost, item: ContentItem, manager: boolean): TemplateResult {
  return html`<div class="tags">
    <span class="badge type">${host.t(`content.type.${item.type}`)}</span>
    ${item.keyAsset ? html`<span class="badge" part="key-asset">${host.t('content.keyAsset')}</span>` : nothing}
    ${item.locked ? html`<span class="badge locked" part="locked">${host.t('content.locked')}</span>` : nothing}
    ${manager && item.published === false ? html`<span class="badge unpublished">${host.t('content.unpublished')}</span>` : nothing}
  </div>`;
}

/** Motion, industry, use case, language, file or link, updated date. */
export function renderMeta(host: ContentHost, item: ContentItem): TemplateResult {
  const parts: unknown[] = [item.motion ? host.t(`motion.${item.motion}`) : host.t('content.allMotions')];
  if (item.industry) parts.push(html`<bdi>${item.industry}</bdi>`);
  if (item.useCase) parts.push(html`<bdi>${item.useCase}</bdi>`);
  parts.push(host.rich('content.language', { language: item.language }));
  parts.push(item.kind === 'file' && item.file ? host.rich('content.fileInfo', { name: item.file.name, size: sizeLabel(host, item.file.size) }) : host.t('content.link'));
  parts.push(host.rich('content.updated', { date: host.when(item.updatedAt) }));
  return html`<p class="meta muted">${parts.map((p, i) => html`${i ? ' · ' : nothing}<span>${p}</span>`)}</p>`;
}

/** What a manager sees of the gate. */
function renderGate(host: ContentHost, item: ContentItem): TemplateResult | typeof nothing {
  if (!item.gate) return nothing;
  const { tier, certifications } = item.gate;
  const gate = [tier ? host.t(`tier.${tier}`) : '', certifications.join(', ')].filter(Boolean).join(' + ');
  return html`<p class="muted gate">${gate ? host.rich('content.gate', { gate }) : host.t('content.gate.none')}</p>`;
}

/** The actions of an item the caller may open (partner), or manage (channel manager). */
function renderActions(host: ContentHost, item: ContentItem, s: CardState, on: CardActions): TemplateResult {
  const id = cssId(item.id);
  const label = html`<span class="visually-hidden">: <bdi>${item.title}</bdi></span>`;
  const link = safeLink(item);
  const busy = s.downloading.has(item.id);
  return html`<div class="actions">
    <button type="button" id="open-${id}" part="open-button" @click=${() => on.open(item, `open-${id}`)}>${host.t('content.open')}${label}</button>
    ${item.kind === 'file' && item.file
      ? html`<button type="button" part="download-button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => on.download(item)}>${host.t(busy ? 'content.downloading' : 'content.download')}${label}</button>`
      : link
        ? html`<a class="button" part="link" href=${link} target="_blank" rel="noopener noreferrer" @click=${() => void host.engaged(item, 'view')}>${host.t('content.openLink')}${label}</a>`
        : nothing}
    ${item.shareable && !s.manager ? html`<button type="button" id="share-${id}" part="share-button" @click=${() => on.share(item, `share-${id}`)}>${host.t('content.share')}${label}</button>` : nothing}
    ${s.manager && on.edit ? html`<button type="button" id="edit-${id}" part="edit-button" @click=${() => on.edit!(item, `edit-${id}`)}>${host.t('content.edit')}${label}</button>` : nothing}
    ${s.manager && on.setPublished
      ? html`<button type="button" @click=${() => on.setPublished!(item, item.published === false)}>${host.t(item.published === false ? 'content.republish' : 'content.unpublish')}${label}</button>`
      : nothing}
    ${s.manager && on.engagement ? html`<button type="button" @click=${() => on.engagement!(item)}>${host.t('content.engagement.forItem')}${label}</button>` : nothing}
    ${s.failed.has(item.id) ? html`<span class="field-error" role="alert">${host.t('content.downloadFailed')}</span>` : nothing}
  </div>`;
}

/** One item: a card in the grid, a row in the list. A locked item says why and what unlocks it, and offers nothing to open. */
export function renderCard(host: ContentHost, item: ContentItem, s: CardState, on: CardActions): TemplateResult {
  const id = cssId(item.id);
  return html`<li class="item-cell">
    <article class="item ${item.locked ? 'is-locked' : ''}" part="item" data-id=${item.id} aria-labelledby="ct-${id}">
      ${renderTags(host, item, s.manager)}
      <h3 id="ct-${id}" part="title"><bdi>${item.title}</bdi></h3>
      ${renderMeta(host, item)}
      ${item.descriptionHtml ? richText(item.descriptionHtml, 'description', 3) : nothing}
      ${s.manager ? renderGate(host, item) : nothing}
      ${item.locked && !s.manager
        ? html`<p class="lock-reason" part="lock-reason">${lockMessage(host, item.locked)}</p>`
        : renderActions(host, item, s, on)}
    </article>
  </li>`;
}

/** The results: cards (grid) or rows (list), keyed by id so focus and scroll survive live arrivals. */
export function renderItems(host: ContentHost, items: ContentItem[], layout: Layout, s: CardState, on: CardActions): TemplateResult {
  return html`<ul class="items ${layout}" part="items">${repeat(items, (i) => i.id, (i) => renderCard(host, i, s, on))}</ul>`;
}

/** Placeholders of the final size while a page loads (hidden from assistive technology). */
export function renderSkeleton(layout: Layout, count: number): TemplateResult {
  return html`<ul class="items ${layout} skeleton" aria-hidden="true">
    ${Array.from({ length: count }, () => html`<li class="item-cell"><div class="item placeholder"><span class="bar short"></span><span class="bar"></span><span class="bar"></span><span class="bar half"></span></div></li>`)}
  </ul>`;
}
