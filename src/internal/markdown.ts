/**
 * Markdown → HTML for the channel manager's live previews (rules, announcements). `marked` is
 * the library the reference server renders with, loaded on first use so a partner's page never
 * downloads it. Its output is untrusted like any HTML: render it only through `richText()`.
 */
type Render = (markdown: string) => string;

let loading: Promise<Render> | null = null;

export function loadMarkdown(): Promise<Render> {
  loading ??= import('marked').then(({ Marked }) => {
    const marked = new Marked({ gfm: true, breaks: false, async: false });
    return (markdown: string) => marked.parse(markdown, { async: false }) as string;
  });
  return loading;
}
