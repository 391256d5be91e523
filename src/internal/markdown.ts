/**
 * Markdown → HTML for the channel manager's live previews (rules, announcements). `marked` is
 * the library the reference server renders with, loaded on first use so a partner's page never
 * downloads it. Its output is untrusted like any HTML: render it only through `richText()`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Render = (markdown: string) => string;

let loading: Promise<Render> | null = null;

export function loadMarkdown(): Promise<Render> {
  loading ??= import('marked').then(({ Marked }) => {
    const marked = new Marked({ gfm: true, breaks: false, async: false });
    return (markdown: string) => marked.parse(markdown, { async: false }) as string;
  });
  return loading;
}

/**
 * A channel manager's live preview of the Markdown being typed: rendered after a pause in
 * typing (150 ms), showing only the latest text, `''` for a blank one. Its output is untrusted
 * HTML: render it through `richText()`.
 */
export class MarkdownPreview implements ReactiveController {
  /** The rendered HTML of the latest text (`''` when blank or not yet rendered). */
  html = '';
  private latest = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly delayMs = 150,
  ) {
    host.addController(this);
  }

  /** The text changed as the user types: render it after the pause. */
  typed(markdown: string): void {
    this.latest = markdown;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), this.delayMs);
  }

  /** Render this text now (e.g. an editor prefilled with the current version). */
  show(markdown: string): Promise<void> {
    this.latest = markdown;
    clearTimeout(this.timer);
    return this.render();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private async render(): Promise<void> {
    const markdown = this.latest;
    const html = markdown.trim() ? (await loadMarkdown())(markdown) : '';
    if (markdown !== this.latest) return; // typed on meanwhile
    this.html = html;
    this.host.requestUpdate();
  }
}
