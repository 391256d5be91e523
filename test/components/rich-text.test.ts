/**
 * XSS through every rich-text and plain-text field of rules, announcements and content items, rendered by the
 * elements in Chromium: the server test's corpus (test/server/fixtures/xss-payloads.ts, 300+
 * payloads) as the HTML a hostile backend might send (`bodyHtml`), as Markdown through the
 * channel manager's preview, and as plain text (titles, summaries, the word diff). Nothing may
 * execute (alert/confirm/prompt/print and `window.__pkXss` are traps) and no dangerous node or
 * attribute may be left; benign rich text must still render.
 */
import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { render } from 'lit';
import '../../components/portal/define.js';
import '../../components/rules/define.js';
import '../../components/announcements/define.js';
import '../../components/content-library/define.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { loadMarkdown } from '../../src/internal/markdown.js';
import { richText, sanitizeHtml } from '../../src/internal/rich-text.js';
import { xssCorpus } from '../server/fixtures/xss-payloads.js';
import { partnerMe } from './fake-backend.js';
import { announcement, FakeEngagementBackend, rulesVersion } from './fake-engagement-backend.js';
import { contentItem, FakeContentBackend } from './fake-content-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 8000 });
const corpus = [...new Set(xssCorpus())];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let executed: string[] = [];
const w = window as unknown as Record<string, unknown>;
const originals = { alert: w.alert, confirm: w.confirm, prompt: w.prompt, print: w.print };

before(() => {
  for (const name of Object.keys(originals)) w[name] = (...args: unknown[]) => void executed.push(`${name}(${args.join(',')})`);
  // Payloads that reach the network (script src, CSS url()) would hit the test server; none may.
});
after(() => Object.assign(w, originals));
beforeEach(() => {
  executed = [];
  delete w.__pkXss;
});

const FORBIDDEN_IN_RICH_TEXT = ['script', 'iframe', 'object', 'embed', 'style', 'form', 'frame', 'frameset', 'base', 'meta', 'link', 'svg', 'math', 'template', 'img', 'image', 'video', 'audio', 'source', 'input', 'button', 'textarea', 'select', 'noscript', 'applet', 'portal', 'isindex', 'marquee', 'xmp', 'plaintext', 'noembed'];
const NEVER_ANYWHERE = ['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link', 'style', 'applet', 'portal'];

/** Rich-text containers the last dangers() call scanned (a scan that reached none proves nothing). */
let richSeen = 0;

/** Every dangerous node or attribute in the shadow roots under `root` (nested elements included). */
function dangers(root: ParentNode): string[] {
  const found: string[] = [];
  richSeen = 0;
  const visit = (scope: ParentNode) => {
    if (scope instanceof Element && scope.shadowRoot) visit(scope.shadowRoot);
    for (const el of scope.querySelectorAll('*')) {
      const tag = el.localName;
      if (el.classList.contains('rich-text')) richSeen++;
      if (NEVER_ANYWHERE.includes(tag)) found.push(`<${tag}>`);
      if (el.closest('.rich-text') && el.classList.contains('rich-text') === false && FORBIDDEN_IN_RICH_TEXT.includes(tag)) found.push(`rich text <${tag}>`);
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (name === 'style' || name === 'srcdoc' || name === 'formaction' || name === 'action' || name === 'xlink:href' || name === 'background') found.push(`${tag}[${name}]`);
        if (el.closest('.rich-text') && !el.classList.contains('rich-text') && ['id', 'name', 'class', 'src', 'srcset'].includes(name)) found.push(`rich text ${tag}[${name}]`);
        if (['href', 'src', 'action', 'formaction', 'data', 'poster'].includes(name)) {
          const squashed = attr.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if (/^(javascript|data|vbscript|livescript|file):/.test(squashed)) found.push(`${tag}[${name}=${attr.value}]`);
          if (name === 'href' && el.closest('.rich-text')) {
            if (!/^(https?:|mailto:)/i.test(attr.value)) found.push(`rich text link ${attr.value}`);
            if (el.getAttribute('rel') !== 'noopener noreferrer' || el.getAttribute('target') !== '_blank') found.push(`rich text link without rel/target: ${attr.value}`);
          }
        }
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root);
  return found;
}

async function mountMany(tag: 'pk-rules' | 'pk-announcements', backends: FakeEngagementBackend[]) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  for (const b of backends) {
    const portal = document.createElement('pk-portal') as PkPortal;
    portal.backend = b;
    portal.append(document.createElement(tag));
    wrapper.append(portal);
  }
  const els = [...wrapper.querySelectorAll(tag)];
  await waitUntil(() => els.every((e) => e.shadowRoot?.querySelector('[part~="rules"], [part~="feed"], [part~="empty"], [part~="error"]')), `${tag} rendered`);
  return { wrapper, els };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

describe('rich text: XSS corpus through the elements', () => {
  it('the checks catch what they look for (a sanitizer that let things through would fail)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const rich = document.createElement('div');
    rich.className = 'rich-text';
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__pkXss=1');
    const a = document.createElement('a');
    a.setAttribute('href', 'javascript:alert(1)');
    rich.append(img, a);
    root.append(rich);
    expect(dangers(host)).to.include.members(['img[onerror]', 'rich text <img>', 'a[href=javascript:alert(1)]']);
    (window.alert as (m: string) => void)('trap');
    expect(executed).to.deep.equal(['alert(trap)']);
    executed = [];
  });

  it(`the corpus has at least 200 payloads (${corpus.length})`, () => {
    expect(corpus.length).to.be.at.least(200);
  });

  chunks(corpus, 60).forEach((batch, n) => {
    it(`pk-rules, partner: every field (title, summary, changes, diff, body) — batch ${n + 1}`, async () => {
      const backends = batch.map((p) => {
        const b = new FakeEngagementBackend(partnerMe(), [rulesVersion(1), rulesVersion(2, { title: p, summary: p, body: p, bodyHtml: p })]);
        const original = b.getCurrentRules.bind(b);
        b.getCurrentRules = async () => {
          const c = await original();
          return { ...c, changes: { sinceVersion: 1, summaries: [{ version: 2, summary: p, publishedAt: c.publishedAt }], diff: [{ op: 'delete', text: p }, { op: 'insert', text: p }, { op: 'equal', text: p }] } };
        };
        return b;
      });
      const { wrapper, els } = await mountMany('pk-rules', backends);
      await sleep(300); // time for onerror/onload handlers to fire, were any left
      expect(executed, 'executed').to.deep.equal([]);
      expect(w.__pkXss, 'window.__pkXss').to.equal(undefined);
      expect(dangers(wrapper)).to.deep.equal([]);
      expect(richSeen, 'rich-text bodies scanned').to.equal(batch.length);
      els.forEach((el, i) => {
        // Plain-text fields show the payload as text, never as markup.
        expect(el.shadowRoot!.querySelector('[part~="title"]')!.textContent!.trim()).to.equal(batch[i].trim());
        expect(el.shadowRoot!.querySelector('[part~="diff"] ins')!.textContent).to.contain(batch[i].trim().slice(0, 20));
      });
    });
  });

  chunks(corpus, 120).forEach((batch, n) => {
    it(`pk-announcements, partner and channel manager: title and body — batch ${n + 1}`, async () => {
      const items = batch.map((p, i) => announcement(i + 1, { title: p, body: p, bodyHtml: p, requiresAcknowledgement: i % 2 === 0 }));
      const { wrapper } = await mountMany('pk-announcements', [
        new FakeEngagementBackend(partnerMe(), [], items),
        new FakeEngagementBackend(partnerMe('channel_manager'), [], items.map((a) => ({ ...a, audience: { tiers: [], motions: [] } }))),
      ]);
      await sleep(300);
      expect(executed, 'executed').to.deep.equal([]);
      expect(w.__pkXss).to.equal(undefined);
      expect(dangers(wrapper)).to.deep.equal([]);
      expect(richSeen, 'rich-text bodies scanned').to.equal(batch.length * 2);
    });
  });

  chunks(corpus, 96).forEach((batch, n) => {
    it(`pk-content-library, partner and channel manager: title, description, industry, use case, file name, link, lock — batch ${n + 1}`, async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const groups = chunks(batch, 24); // one page each
      for (const group of groups) {
        const items = group.map((p, i) =>
          contentItem(i + 1, {
            title: p, description: p, descriptionHtml: p, industry: p, useCase: p,
            ...(i % 3 === 0 ? { kind: 'link' as const, file: null, url: p } : { file: { name: p, size: 10, mimeType: 'application/pdf' } }),
            locked: i % 4 === 1 ? { reason: 'certification', unlockedBy: { tier: null, certifications: [p] } } : null,
          }),
        );
        for (const me of [partnerMe(), partnerMe('channel_manager')]) {
          const portal = document.createElement('pk-portal') as PkPortal;
          portal.backend = new FakeContentBackend(me, items.map((x) => ({ ...x })));
          portal.append(document.createElement('pk-content-library'));
          wrapper.append(portal);
        }
      }
      const els = [...wrapper.querySelectorAll('pk-content-library')];
      await waitUntil(() => els.every((e) => e.shadowRoot?.querySelector('[part~="items"]:not([aria-hidden])')), 'pk-content-library rendered');
      await sleep(300);
      expect(executed, 'executed').to.deep.equal([]);
      expect(w.__pkXss).to.equal(undefined);
      expect(dangers(wrapper)).to.deep.equal([]);
      expect(richSeen, 'descriptions scanned').to.equal(batch.length * 2);
      for (const a of wrapper.querySelectorAll('pk-content-library')) {
        for (const link of a.shadowRoot!.querySelectorAll('a[part~="link"]')) expect(link.getAttribute('href')).to.match(/^https?:\/\//i);
      }
    });
  });

  it('pk-rules, channel manager: versions list (title, summary) and the acknowledgment report', async () => {
    const versions = corpus.slice(0, 100).map((p, i) => rulesVersion(i + 1, { title: p, summary: p, bodyHtml: p, body: p }));
    const b = new FakeEngagementBackend(partnerMe('channel_manager'), versions);
    const { wrapper, els } = await mountMany('pk-rules', [b]);
    await waitUntil(() => els[0].shadowRoot!.querySelectorAll('[part~="versions"] details').length === 100, 'versions');
    for (const d of els[0].shadowRoot!.querySelectorAll('details')) d.open = true;
    await sleep(500);
    expect(executed).to.deep.equal([]);
    expect(dangers(wrapper)).to.deep.equal([]);
  });

  it('the channel manager preview: every payload as Markdown through marked and the sanitizer', async () => {
    const md = await loadMarkdown();
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    render(html`${corpus.map((p) => richText(md(p), 'preview-body', 3))}`, root);
    await sleep(300);
    expect(executed).to.deep.equal([]);
    expect(w.__pkXss).to.equal(undefined);
    expect(dangers(host)).to.deep.equal([]);
    expect(richSeen, 'rich-text previews scanned').to.equal(corpus.length);
  });

  it('the preview typed into the element sanitizes (a sample of the corpus)', async () => {
    const { els } = await mountMany('pk-rules', [new FakeEngagementBackend(partnerMe('channel_manager'))]);
    const el = els[0];
    const textarea = el.shadowRoot!.querySelector<HTMLTextAreaElement>('#f-body')!;
    for (const p of corpus.filter((_, i) => i % 15 === 0)) {
      textarea.value = `${p}\n\nend-marker`;
      textarea.dispatchEvent(new Event('input'));
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="preview"]')!.textContent!.includes('end-marker'), 'preview updated');
      expect(dangers(el.shadowRoot!), p).to.deep.equal([]);
    }
    await sleep(200);
    expect(executed).to.deep.equal([]);
  });
});

describe('rich text: benign input still renders', () => {
  const MARKDOWN = [
    '# Heading one',
    '## Heading two',
    'Some *emphasis*, **strong**, ~~struck~~ and `inline code`.',
    '- first\n- second\n  - nested',
    '1. one\n2. two',
    '> quoted',
    '[a link](https://vendor.example/rules "Rules") and <mailto:channel@vendor.example>',
    '| Tier | Days |\n|---|---|\n| Gold | 90 |',
    '```\nconst protection = 90;\n```',
  ].join('\n\n');

  it('headings, lists, emphasis, links (safe), tables, code, quotes', async () => {
    const md = await loadMarkdown();
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(richText(md(MARKDOWN), 'x', 0), host);
    const r = host.querySelector('.rich-text')!;
    expect(r.querySelector('h1')!.textContent).to.equal('Heading one');
    expect(r.querySelector('h2')!.textContent).to.equal('Heading two');
    expect(r.querySelector('em')!.textContent).to.equal('emphasis');
    expect(r.querySelector('strong')!.textContent).to.equal('strong');
    expect(r.querySelector('del')!.textContent).to.equal('struck');
    expect(r.querySelectorAll('ul li').length).to.equal(3);
    expect(r.querySelectorAll('ol li').length).to.equal(2);
    expect(r.querySelector('blockquote')!.textContent).to.contain('quoted');
    const links = [...r.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://vendor.example/rules', 'mailto:channel@vendor.example']);
    for (const a of links) {
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(a.getAttribute('target')).to.equal('_blank');
    }
    expect(links[0].getAttribute('title')).to.equal('Rules');
    expect(r.querySelector('table th')!.textContent).to.equal('Tier');
    expect(r.querySelector('table td')!.textContent).to.equal('Gold');
    expect(r.querySelector('pre code')!.textContent).to.contain('const protection = 90;');
    expect(r.querySelector('code')!.textContent).to.equal('inline code');
  });

  it('the sanitizer keeps text and drops only what is dangerous', () => {
    const out = String(sanitizeHtml('<p onclick="x()">Hello <b>world</b><script>alert(1)</script></p>'));
    expect(out).to.equal('<p>Hello <b>world</b></p>');
    expect(String(sanitizeHtml('<h1>T</h1>', 2))).to.equal('<h3>T</h3>');
  });
});
