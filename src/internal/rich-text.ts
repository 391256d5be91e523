/**
 * The ONE place where Partnerkit turns HTML into DOM (test/unit/rich-text-sinks.test.ts fails if
 * any other file uses `unsafeHTML`, `innerHTML`, `outerHTML`, `insertAdjacentHTML`,
 * `DOMParser`, `createContextualFragment`, …; test/components/rich-text.test.ts runs the XSS
 * corpus through it).
 *
 * Rich text (rules of engagement, announcements) reaches the browser as HTML the backend rendered
 * from Markdown and says it sanitized. A backend is never trusted to have done so: every string
 * goes through DOMPurify here, with an allow-list of formatting elements, links limited to
 * http(s) and mailto (opened in a new tab with `rel="noopener noreferrer"`), no styles, forms,
 * media or event handlers. Under Trusted Types DOMPurify returns a `TrustedHTML` created by the
 * policy named `partnerkit` (the CSP needs `trusted-types partnerkit lit-html`).
 */
import DOMPurify, { type Config } from 'dompurify';
import { html, type TemplateResult } from 'lit';

/** The Trusted Types policy name a host page's CSP must allow (`trusted-types partnerkit lit-html`). */
export const TRUSTED_TYPES_POLICY = 'partnerkit';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark',
  'sub', 'sup', 'small', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'code', 'pre', 'kbd', 'samp',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'a', 'span', 'abbr',
];
const ALLOWED_ATTR = ['href', 'title', 'colspan', 'rowspan', 'scope', 'start', 'reversed', 'lang', 'dir', 'abbr'];
const SAFE_URL = /^(?:https?:|mailto:)/i;

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Only absolute http(s) and mailto links survive; relative, javascript:, data:, vbscript: … do not.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  FORBID_TAGS: ['style', 'script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math', 'img', 'video', 'audio', 'source', 'link', 'meta', 'base', 'template'],
  FORBID_ATTR: ['style', 'id', 'name', 'class', 'srcset', 'src', 'action', 'formaction', 'xlink:href'],
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_TRUSTED_TYPE: true,
  TRUSTED_TYPES_POLICY: undefined,
};

let purifier: ReturnType<typeof DOMPurify> | null = null;

function instance(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(s: string): string; createScriptURL(s: string): string }): unknown } }).trustedTypes;
  if (tt) {
    // Our own named policy, held only here and used only by DOMPurify: to parse the untrusted
    // input into an inert document, and to wrap its sanitized output.
    try {
      CONFIG.TRUSTED_TYPES_POLICY = tt.createPolicy(TRUSTED_TYPES_POLICY, { createHTML: (s) => s, createScriptURL: (s) => s }) as Config['TRUSTED_TYPES_POLICY'];
    } catch {
      // A second copy of the SDK on the page already holds the name (the CSP needs
      // 'allow-duplicates' then) or the CSP refuses it: DOMPurify tries its own `dompurify` policy.
    }
  }
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !SAFE_URL.test(href.trim())) node.removeAttribute('href');
      if (node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
  });
  purifier = p;
  return p;
}

/** `TrustedHTML` where the browser has Trusted Types, else a string. */
export type SafeHtml = string & { readonly __safe?: never };

const cache = new Map<string, SafeHtml>();

/**
 * Sanitizes untrusted HTML: a `TrustedHTML` (from the `partnerkit` policy) or string safe to
 * insert. `headingOffset` moves headings down (`1`: h1 → h2) so a text's own `# Title` fits under
 * the element's headings; it is applied before sanitizing, so it cannot add anything unsafe.
 */
export function sanitizeHtml(untrusted: string, headingOffset = 0): SafeHtml {
  const key = `${headingOffset}\u0000${untrusted}`;
  let safe = cache.get(key);
  if (safe === undefined) {
    const shifted = headingOffset ? untrusted.replace(/<(\/?)h([1-6])(?=[\s>/])/gi, (_m, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + headingOffset)}`) : untrusted;
    safe = instance().sanitize(shifted, CONFIG) as unknown as SafeHtml;
    if (cache.size > 200) cache.clear();
    cache.set(key, safe);
  }
  return safe;
}

/**
 * Renders untrusted HTML as sanitized rich text in a Lit template: a `<div class="rich-text">`
 * whose content is DOMPurify's output (TrustedHTML under Trusted Types). Style it with
 * `.rich-text` in the element's styles (src/styles/engagement.ts). Headings move down by
 * `headingOffset` (default 2: the text's h1 becomes an h3 under the element's h2).
 */
export function richText(untrusted: string, part = 'rich-text', headingOffset = 2): TemplateResult {
  return html`<div class="rich-text" part=${part} .innerHTML=${sanitizeHtml(untrusted, headingOffset)}></div>`;
}
