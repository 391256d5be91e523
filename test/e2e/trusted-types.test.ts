/**
 * The elements under a strict Content Security Policy with Trusted Types enforced — the policy
 * the README documents for host pages: rules (sanitized rich text, the word diff) and
 * announcements render, and the page reports no violation at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, openPage, startPagesSite, startPartnerkit, type PagesSite, type Partnerkit } from './harness.js';

/** What the README tells a host page to send (plus the usual lock-down of everything else). */
export function strictCsp(sdkOrigin: string, apiOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${sdkOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types partnerkit lit-html',
  ].join('; ');
}

describe('strict CSP with Trusted Types', () => {
  let pk: Partnerkit;
  let site: PagesSite;
  let browser: Browser;
  let csp: string;

  before(async () => {
    pk = await startPartnerkit();
    const origin = new URL(pk.url).origin;
    csp = strictCsp(origin, origin);
    site = await startPagesSite({
      apiUrl: pk.url,
      pages: {
        '/': {
          html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict page</title>
<script type="module" src="${pk.url}/sdk/partnerkit.js"></script></head>
<body><pk-portal api-url="${pk.url}" session-url="/partnerkit/session"><pk-rules></pk-rules><pk-announcements></pk-announcements></pk-portal></body></html>`,
          headers: { 'Content-Security-Policy': csp },
        },
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await pk?.close();
  });

  for (const user of ['u_nw_rep', 'u_cm']) {
    it(`renders rules and announcements with no violation (${user})`, async () => {
      const { page, errors, close } = await openPage(browser);
      try {
        await page.evaluateOnNewDocument(() => {
          (window as unknown as { violations: string[] }).violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            (window as unknown as { violations: string[] }).violations.push(
              // Where: the page, or the inert document DOMPurify parses untrusted HTML into.
              `${e.violatedDirective} ${e.blockedURI} ${e.sample}${(e.target as Node | null)?.ownerDocument === document || e.target === document ? '' : ' (inert parse)'}`,
            ),
          );
        });
        const response = await page.goto(`${site.url}/login?user=${user}&to=/`);
        assert.equal(response?.headers()['content-security-policy'], csp);
        await page.waitForFunction(
          () => {
            const rules = document.querySelector('pk-rules')?.shadowRoot;
            const ann = document.querySelector('pk-announcements')?.shadowRoot;
            return !!rules?.querySelector('[part~="body"] h3, [part~="body"] p') && !!ann?.querySelector('[part~="item"] [part~="body"] p');
          },
          { timeout: 20_000 },
        );
        const facts = await page.evaluate(() => {
          const before = [...(window as unknown as { violations: string[] }).violations];
          let enforced = false;
          try {
            document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
          } catch {
            enforced = true; // a string into an HTML sink is refused: Trusted Types are on
          }
          const rules = document.querySelector('pk-rules')!.shadowRoot!;
          const body = rules.querySelector('[part~="body"]')!;
          const cm = !!rules.querySelector('[part~="editor"]');
          return {
            enforced,
            cm,
            bodyElements: body.querySelectorAll('*').length,
            links: [...document.querySelector('pk-announcements')!.shadowRoot!.querySelectorAll('[part~="body"] a')].map((a) => `${a.getAttribute('rel')}|${a.getAttribute('target')}`),
            violations: before,
          };
        });
        assert.equal(facts.enforced, true, 'Trusted Types are enforced on this page');
        assert.ok(facts.bodyElements > 3, 'the rules text rendered as rich text');
        for (const l of facts.links) assert.equal(l, 'noopener noreferrer|_blank');
        if (facts.cm) {
          // The channel manager's live preview (marked + DOMPurify) works under the policy too.
          await page.evaluate(() => {
            const t = document.querySelector('pk-rules')!.shadowRoot!.querySelector('#f-body') as HTMLTextAreaElement;
            t.value = '# Preview\n\n**bold** <img src=x onerror=window.pwned=1> [x](javascript:window.pwned=1)';
            t.dispatchEvent(new Event('input'));
          });
          // Wait for this text's preview, not the one prefilled from the current rules.
          await page.waitForFunction(() => document.querySelector('pk-rules')!.shadowRoot!.querySelector('[part~="preview"] .rich-text')?.textContent?.includes('Preview'), { timeout: 10_000 });
          const preview = await page.evaluate(() => {
            const root = document.querySelector('pk-rules')!.shadowRoot!.querySelector('[part~="preview"] .rich-text')!;
            return {
              bold: !!root.querySelector('strong'),
              dangerous: [...root.querySelectorAll('*')].filter((el) => el.localName === 'img' || [...el.attributes].some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))).map((el) => el.outerHTML),
            };
          });
          assert.equal(preview.bold, true, 'the preview rendered the Markdown');
          assert.deepEqual(preview.dangerous, [], 'no image, event handler or javascript: link in the preview');
        }
        assert.deepEqual(facts.violations, [], 'no CSP or Trusted Types violation while rendering');
        const all = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
        // Only our own probe above, nothing from the preview (a report says whether it came from the
        // page or from the inert document DOMPurify parses untrusted HTML into).
        assert.deepEqual(all.filter((v) => !v.includes('<b>x</b>')), [], 'no violation from the preview either');
        assert.equal(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned), undefined, 'the hostile preview ran nothing');
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }
});
