import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import type { ContentEventType, ContentItem, ContentLock } from '../../src/contract/content.js';
import type { PlainValues, RichValues } from '../../src/i18n/translator.js';
import type { MessageKey } from '../../src/i18n/types.js';
import { formatNumber } from '../../src/internal/format.js';

export interface FieldProblem {
  code?: string;
  message: string;
  params?: Record<string, string | number | boolean>;
}

/**
 * What the parts of `<pk-content-library>` (list, filters, detail, share dialog, editor,
 * engagement report) use of their element: messages, the error state, backend calls (which fire
 * `pk-error`), engagement recording and the polite status line.
 */
export interface ContentHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly locale: string;
  t(key: MessageKey, values?: PlainValues): string;
  rich(key: MessageKey, values?: RichValues): unknown;
  fieldMessage(error: FieldProblem): unknown;
  renderError(error: unknown, retry: () => void, what: string): TemplateResult;
  when(iso: string): TemplateResult;
  /** A backend call: failures fire `pk-error` and are rethrown as PkApiError. */
  call<T>(fn: (backend: PartnerBackend) => Promise<T>): Promise<T>;
  /** Records a view, download or share (unless the backend did already) and fires `pk-content-engaged`. */
  engaged(item: ContentItem, type: ContentEventType, record?: boolean): Promise<void>;
  /** Says this on the polite status line. */
  announce(text: string): void;
  /** Moves the focus to the element with this id in the shadow root, after the next render. */
  focusLater(id: string): void;
}

/** A file size in the reader's words (bytes, KB, MB). */
export function sizeLabel(host: ContentHost, bytes: number): string {
  if (bytes < 1024) return host.t('content.size.bytes', { size: formatNumber(host.locale, bytes) });
  if (bytes < 1024 * 1024) return host.t('content.size.kb', { size: formatNumber(host.locale, Math.round(bytes / 1024)) });
  return host.t('content.size.mb', { size: formatNumber(host.locale, Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}

/** Why an item is locked and what unlocks it (the certification names as data). */
export function lockMessage(host: ContentHost, lock: ContentLock): unknown {
  const tier = lock.unlockedBy.tier ? host.t(`tier.${lock.unlockedBy.tier}`) : '';
  const certifications = lock.unlockedBy.certifications.join(', ');
  if (lock.reason === 'tier' || (tier && !certifications)) return host.t('content.locked.tier', { tier });
  if (lock.reason === 'certification' || !tier) return host.rich('content.locked.certification', { certifications });
  return host.rich('content.locked.both', { tier, certifications });
}

/** An item's link, only when it is an absolute http(s) URL (a backend is not trusted with hrefs). */
export function safeLink(item: ContentItem): string | null {
  return item.url && /^https?:\/\//i.test(item.url) ? item.url : null;
}

/** An id usable in `id`/`aria-*` attributes. */
export function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Opens the `<dialog>` matching `selector` as a modal once it is rendered, focusing its heading. */
export function showModalOnce(host: ContentHost, selector: string): void {
  const dialog = host.renderRoot.querySelector<HTMLDialogElement>(selector);
  if (dialog && !dialog.open) {
    dialog.showModal();
    dialog.querySelector<HTMLElement>('h2')?.focus();
  }
}
