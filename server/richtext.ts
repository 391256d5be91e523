/**
 * Rich text on the server: Markdown (GFM, via `marked`) → HTML → sanitized (`sanitize-html`,
 * an allowlist). Rules, announcements and content descriptions all go through `renderMarkdown`.
 *
 * - Raw HTML inside the Markdown is shown as text, never passed through: authors write Markdown.
 * - The sanitizer is the second wall anyway: only the tags and attributes below survive; links
 *   keep an `href` only when it is an absolute http:, https: or mailto: URL (images: http/https);
 *   links open in a new browsing context with `rel="noopener noreferrer nofollow"`.
 * The SDK sanitizes the HTML again before it renders it (a vendor's own backend is not trusted).
 */
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Raw HTML blocks and inline tags are rendered as the text they are.
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
  },
});

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];
const IMAGE_SCHEMES = ['http:', 'https:'];

/** The URL if it is absolute and of one of `schemes`, else null. */
export function safeUrl(raw: string | undefined, schemes: readonly string[]): string | null {
  if (!raw) return null;
  const value = raw.trim();
  // Control characters and whitespace inside a scheme are how filters get tricked; refuse them outright.
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!schemes.includes(url.protocol)) return null;
  // Keep the author's spelling only when it parses to the same scheme it starts with.
  if (!value.toLowerCase().startsWith(url.protocol)) return null;
  return value;
}

/** Only `name`, and only when its value matches `pattern`. */
function keep(attribs: Record<string, string>, name: string, pattern: RegExp): Record<string, string> {
  const v = attribs[name];
  return v !== undefined && pattern.test(v) ? { [name]: v } : {};
}

export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
    'strong', 'em', 'del', 's', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    code: ['class'],
    // GFM task lists: `- [x] done` renders a disabled checkbox.
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'formaction', 'srcset', 'poster', 'background'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  // Whatever sits inside these is dropped along with them, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'title', 'xmp', 'noembed', 'noframes'],
  transformTags: {
    a: (tagName, attribs) => {
      const href = safeUrl(attribs.href, LINK_SCHEMES);
      const out: Record<string, string> = {};
      if (href) out.href = href;
      if (attribs.title) out.title = attribs.title;
      if (href && !href.toLowerCase().startsWith('mailto:')) {
        out.rel = 'noopener noreferrer nofollow';
        out.target = '_blank';
      }
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const src = safeUrl(attribs.src, IMAGE_SCHEMES);
      const out: Record<string, string> = { alt: attribs.alt ?? '' };
      if (attribs.title) out.title = attribs.title;
      if (src) out.src = src;
      return { tagName, attribs: out };
    },
    input: (tagName, attribs) => {
      // Only the disabled checkbox of a task list item.
      const out: Record<string, string> = { type: 'checkbox', disabled: '' };
      if ('checked' in attribs) out.checked = '';
      return { tagName, attribs: out };
    },
    // Fenced code's language, as a plain token (the info string is author text).
    code: (tagName, attribs) => ({ tagName, attribs: keep(attribs, 'class', /^language-[A-Za-z0-9_+#.-]{1,40}$/) }),
    ol: (tagName, attribs) => ({ tagName, attribs: keep(attribs, 'start', /^\d{1,9}$/) }),
    th: (tagName, attribs) => ({ tagName, attribs: keep(attribs, 'align', /^(left|right|center)$/) }),
    td: (tagName, attribs) => ({ tagName, attribs: keep(attribs, 'align', /^(left|right|center)$/) }),
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};

/** Sanitizes HTML with the allowlist above. */
export function sanitizeRichHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

const cache = new Map<string, string>();
const CACHE_ENTRIES = 256;

/** Markdown → sanitized HTML (what the API returns as `bodyHtml`). Recent results are memoized. */
export function renderMarkdown(source: string): string {
  const hit = cache.get(source);
  if (hit !== undefined) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const html = sanitizeRichHtml(markdown.parse(source, { async: false }) as string);
  if (source.length <= 20_000) {
    cache.set(source, html);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return html;
}
