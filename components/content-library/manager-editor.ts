import '../../src/i18n/field-messages.js';
import { html, nothing, type TemplateResult } from 'lit';
import { PkApiError } from '../../src/api/errors.js';
import { TIERS, type Tier } from '../../src/contract/shared.js';
import {
  CONTENT_FILE_MAX_BYTES,
  CONTENT_MIME_TYPES,
  CONTENT_TYPES,
  type ContentItem,
  type ContentPublish,
  type ContentType,
  type ContentUpload,
} from '../../src/contract/content.js';
import { MOTIONS, type Motion } from '../../src/contract/motions.js';
import { newIdempotencyKey } from '../../src/internal/idempotency-key.js';
import { MarkdownPreview } from '../../src/internal/markdown.js';
import { richText } from '../../src/internal/rich-text.js';
import { sizeLabel, type ContentHost } from './host.js';

interface Draft {
  title: string;
  type: ContentType;
  motion: Motion | '';
  industry: string;
  useCase: string;
  language: string;
  description: string;
  keyAsset: boolean;
  shareable: boolean;
  gateTier: Tier | '';
  gateCertifications: string;
  source: 'file' | 'link';
  url: string;
  file: File | null;
}

type FieldName = 'title' | 'type' | 'motion' | 'industry' | 'useCase' | 'language' | 'description' | 'gateTier' | 'gateCertifications' | 'url' | 'file';

const emptyDraft = (): Draft => ({
  title: '', type: 'play', motion: '', industry: '', useCase: '', language: 'en', description: '', keyAsset: false, shareable: false,
  gateTier: '', gateCertifications: '', source: 'file', url: '', file: null,
});

const fromItem = (item: ContentItem): Draft => ({
  title: item.title, type: item.type, motion: item.motion ?? '', industry: item.industry ?? '', useCase: item.useCase ?? '', language: item.language,
  description: item.description, keyAsset: item.keyAsset, shareable: item.shareable, gateTier: item.gate?.tier ?? '',
  gateCertifications: (item.gate?.certifications ?? []).join(', '), source: item.kind, url: item.url ?? '', file: null,
});

/** Browsers give some text files no type: name them by extension. */
function mimeOf(file: File): string {
  if (file.type) return file.type;
  if (/\.md$/i.test(file.name)) return 'text/markdown';
  if (/\.txt$/i.test(file.name)) return 'text/plain';
  return '';
}

/** A problem's field path (`gate.tier`, `metadata.title`, `gate.certifications.0`) → the editor's field. */
function fieldOf(path: string): FieldName | null {
  const p = path.replace(/^metadata\./, '');
  if (p.startsWith('gate.tier')) return 'gateTier';
  if (p.startsWith('gate.certifications') || p === 'gate') return 'gateCertifications';
  const head = p.split('.')[0];
  return (['title', 'type', 'motion', 'industry', 'useCase', 'language', 'description', 'url', 'file'] as const).find((f) => f === head) ?? null;
}

/**
 * The channel manager's editor for a new or an existing item: metadata, the gate (minimum tier,
 * certifications), the shareable flag, and a file (its size and type are checked as soon as it
 * is chosen, next to the field) or a link. Field errors of a refused save (422) appear next to
 * their fields; nothing typed is lost.
 */
export class ContentEditor {
  /** The item being edited, `'new'`, or null when closed. */
  editing: ContentItem | 'new' | null = null;
  private draft: Draft = emptyDraft();
  private errors: Partial<Record<FieldName, unknown>> = {};
  private saving = false;
  private saveError: unknown = null;
  private opener = '';
  /** Sent with a new item's publication: the same while the draft is unchanged, so a retry publishes once. */
  private idempotencyKey = newIdempotencyKey();
  private readonly preview: MarkdownPreview;

  constructor(
    private readonly host: ContentHost,
    private readonly saved: (item: ContentItem, created: boolean) => void,
  ) {
    this.preview = new MarkdownPreview(host);
  }


  open(item: ContentItem | 'new', opener: string): void {
    this.editing = item;
    this.opener = opener;
    this.draft = item === 'new' ? emptyDraft() : fromItem(item);
    this.idempotencyKey = newIdempotencyKey();
    this.errors = {};
    this.saveError = null;
    void this.preview.show(this.draft.description);
    this.host.requestUpdate();
    this.host.focusLater('e-title');
  }

  close(): void {
    this.editing = null;
    this.host.requestUpdate();
    this.host.focusLater(this.opener);
  }

  private edit(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    this.idempotencyKey = newIdempotencyKey();
    for (const k of Object.keys(patch) as FieldName[]) delete this.errors[k];
    if ('source' in patch) {
      delete this.errors.url;
      delete this.errors.file;
    }
    if ('description' in patch) this.preview.typed(this.draft.description);
    if ('file' in patch && patch.file) {
      const error = this.fileProblem(patch.file);
      if (error) this.errors.file = error;
    }
    this.host.requestUpdate();
  }

  private fileProblem(file: File): string | null {
    if (file.size > CONTENT_FILE_MAX_BYTES) return this.host.t('content.field.fileTooLarge', { size: sizeLabel(this.host, file.size), max: sizeLabel(this.host, CONTENT_FILE_MAX_BYTES) });
    if (!(CONTENT_MIME_TYPES as readonly string[]).includes(mimeOf(file))) return this.host.t('content.field.fileType');
    return null;
  }

  private validate(): Partial<Record<FieldName, unknown>> {
    const d = this.draft;
    const t = this.host.t.bind(this.host);
    const errors: Partial<Record<FieldName, unknown>> = {};
    if (!d.title.trim()) errors.title = t('content.field.required');
    if (!d.language.trim()) errors.language = t('content.field.required');
    if (d.source === 'link') {
      let ok = false;
      try {
        ok = /^https?:$/.test(new URL(d.url.trim()).protocol);
      } catch {
        ok = false;
      }
      if (!d.url.trim()) errors.url = t('content.field.required');
      else if (!ok) errors.url = t('content.field.urlInvalid');
    } else if (d.file) {
      const problem = this.fileProblem(d.file);
      if (problem) errors.file = problem;
    } else if (this.editing === 'new' || (this.editing && this.editing.kind !== 'file')) {
      errors.file = t('content.field.required');
    }
    return errors;
  }

  private async save(): Promise<void> {
    if (this.saving || !this.editing) return;
    this.errors = this.validate();
    if (Object.keys(this.errors).length) {
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLElement>('.editor-form [aria-invalid="true"]')?.focus();
      return;
    }
    const d = this.draft;
    const input: ContentPublish = {
      title: d.title.trim(),
      type: d.type,
      motion: d.motion || null,
      industry: d.industry.trim() || null,
      useCase: d.useCase.trim() || null,
      language: d.language.trim(),
      description: d.description,
      keyAsset: d.keyAsset,
      shareable: d.shareable,
      gate: { tier: d.gateTier || null, certifications: d.gateCertifications.split(',').map((c) => c.trim()).filter(Boolean) },
      url: d.source === 'link' ? d.url.trim() : undefined,
    };
    const upload: ContentUpload | undefined = d.source === 'file' && d.file ? { file: d.file, fileName: d.file.name } : undefined;
    const editing = this.editing;
    this.saving = true;
    this.saveError = null;
    this.host.requestUpdate();
    try {
      const item =
        editing === 'new'
          ? await this.host.call((b) => b.publishContent!(input, upload, { idempotencyKey: this.idempotencyKey }))
          : await this.host.call((b) => b.updateContent!(editing.id, input, upload));
      this.saved(item, editing === 'new');
      this.close();
    } catch (error) {
      const problems = PkApiError.from(error).fieldProblems;
      const mapped: Partial<Record<FieldName, unknown>> = {};
      for (const [path, problem] of Object.entries(problems)) {
        const field = fieldOf(path);
        if (field && !mapped[field]) mapped[field] = this.host.fieldMessage(problem);
      }
      this.errors = mapped;
      this.saveError = error;
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLElement>('.editor-form [aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  /** A labelled control with its hint and error next to it. */
  private field(name: FieldName, label: string, control: (describedBy: string | typeof nothing, invalid: 'true' | 'false') => TemplateResult, hint?: unknown): TemplateResult {
    const error = this.errors[name];
    const ids = [hint ? `eh-${name}` : '', error ? `ee-${name}` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for="e-${name}">${label}</label>
      ${control(ids || nothing, error ? 'true' : 'false')}
      ${hint ? html`<p class="hint" id="eh-${name}">${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id="ee-${name}">${error}</p>` : nothing}
    </div>`;
  }

  private text(name: 'title' | 'industry' | 'useCase' | 'language' | 'gateCertifications' | 'url', label: string, hint?: unknown, type = 'text'): TemplateResult {
    return this.field(name, label, (describedBy, invalid) => html`<input id="e-${name}" type=${type} .value=${this.draft[name]} aria-invalid=${invalid} aria-describedby=${describedBy}
      @input=${(ev: Event) => this.edit({ [name]: (ev.target as HTMLInputElement).value })} />`, hint);
  }

  render(): TemplateResult | typeof nothing {
    const editing = this.editing;
    if (!editing) return nothing;
    const host = this.host;
    const t = host.t.bind(host);
    const d = this.draft;
    const current = editing !== 'new' && editing.kind === 'file' ? editing.file : null;
    const fileHint = d.file && !this.errors.file
      ? host.rich('content.field.fileOk', { name: d.file.name, size: sizeLabel(host, d.file.size) })
      : current
        ? host.rich('content.field.fileCurrent', { name: current.name })
        : t('content.field.fileHint', { max: sizeLabel(host, CONTENT_FILE_MAX_BYTES) });
    return html`<section class="card editor-card" part="editor" aria-labelledby="e-heading">
      <h2 id="e-heading">${editing === 'new' ? t('content.editor.new') : host.rich('content.editor.edit', { title: editing.title })}</h2>
      <form class="editor-form" novalidate aria-busy=${this.saving ? 'true' : 'false'} @submit=${(ev: Event) => { ev.preventDefault(); void this.save(); }}>
        ${this.text('title', t('content.field.title'))}
        <div class="row">
          ${this.field('type', t('content.field.type'), (describedBy, invalid) => html`<select id="e-type" aria-invalid=${invalid} aria-describedby=${describedBy} @change=${(ev: Event) => this.edit({ type: (ev.target as HTMLSelectElement).value as ContentType })}>
            ${CONTENT_TYPES.map((v) => html`<option value=${v} ?selected=${v === d.type}>${t(`content.type.${v}`)}</option>`)}
          </select>`)}
          ${this.field('motion', t('content.field.motion'), (describedBy, invalid) => html`<select id="e-motion" aria-invalid=${invalid} aria-describedby=${describedBy} @change=${(ev: Event) => this.edit({ motion: (ev.target as HTMLSelectElement).value as Motion | '' })}>
            <option value="" ?selected=${!d.motion}>${t('content.allMotions')}</option>
            ${MOTIONS.map((m) => html`<option value=${m} ?selected=${m === d.motion}>${t(`motion.${m}`)}</option>`)}
          </select>`)}
          ${this.text('industry', t('content.field.industry'))}
          ${this.text('useCase', t('content.field.useCase'))}
          ${this.text('language', t('content.field.language'), t('content.field.languageHint'))}
        </div>
        <div class="editor">
          ${this.field('description', t('content.field.description'), (describedBy, invalid) => html`<textarea id="e-description" .value=${d.description} aria-invalid=${invalid} aria-describedby=${describedBy}
            @input=${(ev: Event) => this.edit({ description: (ev.target as HTMLTextAreaElement).value })}></textarea>`, t('content.field.descriptionHint'))}
          <section class="preview" aria-labelledby="e-preview">
            <h3 id="e-preview">${t('content.preview')}</h3>
            ${this.preview.html ? richText(this.preview.html, 'editor-preview', 3) : html`<p class="muted">${t('content.preview.empty')}</p>`}
          </section>
        </div>
        <div class="field">
          <label class="check"><input type="checkbox" .checked=${d.keyAsset} @change=${(ev: Event) => this.edit({ keyAsset: (ev.target as HTMLInputElement).checked })} />${t('content.field.keyAsset')}</label>
          <label class="check"><input type="checkbox" id="e-shareable" .checked=${d.shareable} @change=${(ev: Event) => this.edit({ shareable: (ev.target as HTMLInputElement).checked })} />${t('content.field.shareable')}</label>
        </div>
        <div class="row">
          ${this.field('gateTier', t('content.field.gateTier'), (describedBy, invalid) => html`<select id="e-gateTier" aria-invalid=${invalid} aria-describedby=${describedBy} @change=${(ev: Event) => this.edit({ gateTier: (ev.target as HTMLSelectElement).value as Tier | '' })}>
            <option value="" ?selected=${!d.gateTier}>${t('content.field.gateTier.none')}</option>
            ${TIERS.map((tier) => html`<option value=${tier} ?selected=${tier === d.gateTier}>${t(`tier.${tier}`)}</option>`)}
          </select>`)}
          ${this.text('gateCertifications', t('content.field.gateCertifications'))}
        </div>
        <fieldset>
          <legend>${t('content.field.source')}</legend>
          ${(['file', 'link'] as const).map((s) => html`<label class="check"><input type="radio" name="e-source" value=${s} .checked=${d.source === s} @change=${() => this.edit({ source: s })} />${t(`content.field.source.${s}`)}</label>`)}
        </fieldset>
        ${d.source === 'file'
          ? this.field('file', t('content.field.file'), (describedBy, invalid) => html`<input id="e-file" type="file" accept=${CONTENT_MIME_TYPES.join(',')} aria-invalid=${invalid} aria-describedby=${describedBy}
              @change=${(ev: Event) => this.edit({ file: (ev.target as HTMLInputElement).files?.[0] ?? null })} />`, fileHint)
          : this.text('url', t('content.field.url'), undefined, 'url')}
        <div class="actions">
          <button type="submit" class="primary" part="save-button" aria-disabled=${this.saving ? 'true' : 'false'}>${t(editing === 'new' ? 'content.publish' : 'content.save')}</button>
          <button type="button" @click=${() => this.close()}>${t('content.cancel')}</button>
          ${this.saving ? html`<span class="muted" role="status">${t('content.saving')}</span>` : nothing}
        </div>
      </form>
      ${this.saveError ? host.renderError(this.saveError, () => void this.save(), t('content.saveFailed')) : nothing}
    </section>`;
  }
}
