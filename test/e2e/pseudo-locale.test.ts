/**
 * Every Storybook story of every element, rendered in the pseudo-locale `en-XA` (each catalogue
 * literal accented, about 40% longer and wrapped in ⟦ ⟧) in Chromium. It fails on
 * - any text node or user-visible attribute inside an element's shadow DOM that did not come from
 *   the message catalogue (a plain ASCII letter outside the data wrappers `<bdi>`, `<time>`,
 *   `<data>`, `<code>`), i.e. a string literal on screen;
 * - any catalogue text that is clipped (its box scrolls or ellipsizes because the longer text
 *   does not fit).
 * It reads the Storybook build (`npm run build-storybook`, which `npm test` runs first).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, openPage, startStaticSite, type StaticSite } from './harness.js';

const STORYBOOK = new URL('../../dist-storybook/', import.meta.url).pathname;

interface Finding {
  kind: 'literal' | 'attribute' | 'clipped';
  where: string;
  text: string;
}

/** Runs in the page: what is wrong in every Partnerkit shadow root, and whether pseudo text showed. */
function inspect(): { findings: Finding[]; pseudoSeen: boolean; busy: boolean } {
  const DATA = 'bdi, time, data, code, style, script, template, .rich-text'; // .rich-text: the vendor's sanitized HTML (data)
  const ATTRS = ['aria-label', 'aria-description', 'aria-roledescription', 'placeholder', 'title', 'alt'];
  const findings: Finding[] = [];
  let pseudoSeen = false;
  let busy = false;
  const roots: Array<{ host: Element; root: ShadowRoot }> = [];
  const collect = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        if (el.localName.startsWith('pk-')) roots.push({ host: el, root: el.shadowRoot });
        collect(el.shadowRoot);
      }
    }
  };
  collect(document);
  const path = (el: Element, host: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.localName + (e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''));
    }
    return `${host.localName} › ${parts.join(' › ')}`;
  };
  const s0 = (el: Element) => getComputedStyle(el);
  const visible = (el: Element) => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  for (const { host, root } of roots) {
    if (root.querySelector('[aria-busy="true"]')) busy = true;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const checked = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !text.trim() || parent.closest(DATA)) continue;
      if (text.includes('⟦') || text.includes('⟧')) pseudoSeen = true;
      if (/[A-Za-z]/.test(text) && visible(parent)) findings.push({ kind: 'literal', where: path(parent, host), text: text.trim() });
      if (checked.has(parent) || !visible(parent)) continue;
      checked.add(parent);
      // Visually hidden text (1 px, clipped on purpose) is read by screen readers, not seen.
      const box = parent.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || s0(parent).clipPath !== 'none' || s0(parent).clip !== 'auto') continue;
      const s = getComputedStyle(parent);
      const clipsX = s.overflowX !== 'visible' || s.textOverflow === 'ellipsis';
      const clipsY = s.overflowY !== 'visible';
      if ((clipsX && parent.scrollWidth > parent.clientWidth + 1) || (clipsY && parent.scrollHeight > parent.clientHeight + 1)) {
        // A scrolling region (a table wrapper, a list) is meant to scroll; a text box is not.
        if (!['auto', 'scroll'].includes(s.overflowX) && !['auto', 'scroll'].includes(s.overflowY)) {
          findings.push({ kind: 'clipped', where: path(parent, host), text: (parent.textContent ?? '').trim().slice(0, 80) });
        }
      }
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.closest(DATA)) continue;
      for (const name of ATTRS) {
        const value = el.getAttribute(name);
        if (!value?.trim()) continue;
        if (value.includes('⟦')) pseudoSeen = true;
        if (/[A-Za-z]/.test(value.replace(/⟦[^⟧]*⟧/g, ''))) findings.push({ kind: 'attribute', where: `${path(el, host)} [${name}]`, text: value });
      }
    }
  }
  return { findings, pseudoSeen, busy };
}

describe('pseudo-locale: every story of every element', () => {
  let site: StaticSite;
  let browser: Browser;
  let stories: string[] = [];

  before(async () => {
    assert.ok(existsSync(`${STORYBOOK}index.json`), 'dist-storybook/ is missing: run `npm run build-storybook` first (npm test does)');
    const index = JSON.parse(readFileSync(`${STORYBOOK}index.json`, 'utf8')) as { entries: Record<string, { type: string; id: string }> };
    stories = Object.values(index.entries).filter((e) => e.type === 'story').map((e) => e.id);
    site = await startStaticSite(STORYBOOK);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('finds the stories of every element', () => {
    const elements = new Set(stories.map((id) => id.split('--')[0]));
    const components = readFileSync(new URL('../../src/all.ts', import.meta.url), 'utf8').match(/components\/([a-z-]+)\/define/g) ?? [];
    assert.ok(components.length >= 4, 'src/all.ts lists the elements');
    for (const c of components) {
      const name = c.split('/')[1];
      assert.ok(elements.has(`components-${name}`), `no stories for pk-${name}`);
    }
  });

  it('renders catalogue text only, and none of it clipped', async () => {
    const problems: string[] = [];
    const { page, errors, close } = await openPage(browser);
    await page.setViewport({ width: 1280, height: 900 });
    // tsx compiles `inspect` with esbuild's keepNames, which calls a `__name` helper the page lacks.
    await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
    try {
      for (const id of stories) {
        await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story&globals=locale:en-XA`, { waitUntil: 'load' });
        // Settle: wait for the elements to finish loading (a "loading" story stays busy: give it 2 s).
        const started = Date.now();
        let result = await page.evaluate(inspect);
        while ((result.busy || !result.pseudoSeen) && Date.now() - started < 4000) {
          await new Promise((r) => setTimeout(r, 150));
          result = await page.evaluate(inspect);
        }
        await new Promise((r) => setTimeout(r, 150));
        result = await page.evaluate(inspect);
        if (!result.pseudoSeen) problems.push(`${id}: no pseudo-locale text at all (did the locale apply?)`);
        for (const f of result.findings) problems.push(`${id}: ${f.kind} at ${f.where}: “${f.text}”`);
      }
    } finally {
      await close();
    }
    assert.deepEqual(errors, [], 'stories threw');
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
  });
});
