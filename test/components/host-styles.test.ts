/**
 * A hostile host page cannot restyle what Partnerkit elements render (the reset on `.pk-root`
 * in src/styles/tokens.ts, which PkElement renders into), while the host's font family and the
 * --pk-* tokens still come through. Every element is checked the same way: the computed text
 * styles of everything inside its shadow tree (nested elements included) under a matrix of
 * hostile stylesheets must equal those on the clean page.
 */
import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import type { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import '../../src/all.js';
import { FakeBackend, makeDeals, partnerMe } from './fake-backend.js';
import { FakeRegistrationBackend } from './fake-registration-backend.js';
import { FakeInsightsBackend } from './fake-metrics.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

/** Inherited properties a host page could push into the elements. */
const PROPS = [
  'color', '-webkit-text-fill-color', 'font-style', 'font-weight', 'font-size', 'font-variant-caps', 'font-feature-settings', 'font-kerning',
  'line-height', 'letter-spacing', 'word-spacing', 'text-align', 'text-align-last', 'text-indent', 'text-transform', 'text-shadow',
  'white-space-collapse', 'text-wrap-mode', 'word-break', 'overflow-wrap', 'hyphens', 'tab-size', 'border-spacing', 'list-style-type',
  'quotes', 'cursor', 'text-underline-position', 'text-emphasis-style', '-webkit-text-stroke-width', 'font-family',
];

const HOSTILE = `text-transform: uppercase; letter-spacing: 3px; color: red; font-style: italic; font-weight: 900;
  font-variant-caps: small-caps; font-feature-settings: 'smcp'; font-kerning: none; line-height: 3; word-spacing: 11px;
  text-align: center; text-align-last: right; text-indent: 40px; text-shadow: 2px 2px red; white-space: pre; word-break: break-all;
  overflow-wrap: anywhere; hyphens: auto; tab-size: 13; border-spacing: 9px; list-style-type: square; quotes: '<' '>';
  cursor: wait; text-underline-position: under; text-emphasis-style: circle; -webkit-text-fill-color: lime; -webkit-text-stroke-width: 1px`;
const important = (decls: string) => decls.replace(/;/g, ' !important;') + ' !important';

/** Each sheet with whether it sets a font family the elements should then take from the host. */
const SHEETS: Array<{ name: string; css: string; font?: string }> = [
  { name: 'the issue’s * rule', css: `* { text-transform: uppercase; letter-spacing: 3px; color: red }` },
  { name: 'the issue’s * rule, !important', css: `* { text-transform: uppercase !important; letter-spacing: 3px !important; color: red !important }` },
  { name: '* with every inherited text property', css: `* { ${HOSTILE} }` },
  { name: '* with every inherited text property, !important', css: `* { ${important(HOSTILE)} }` },
  { name: 'div * (descendants of the fixture container), !important', css: `div * { ${important(HOSTILE)} }` },
  { name: 'html and body (inherited from the page)', css: `html, body { ${HOSTILE} }` },
  // Sizes are in rem: a page that sets the root font size scales us like the rest of itself (on
  // purpose, as with the font family); any other font size does not reach inside.
  { name: 'font size on body and everything in it, !important', css: `body, body * { font-size: 31px !important; ${important(HOSTILE)} }` },
  { name: 'tag selectors on the hosts, !important', css: `pk-portal, pk-pipeline { ${important(HOSTILE)} }` },
  { name: 'a font family on everything, with the rest', css: `* { font-family: Georgia, serif !important; ${HOSTILE} }`, font: 'Georgia' },
];

/** Computed styles of every element in `root`'s shadow tree, recursing into nested shadow roots. */
function snapshot(host: Element): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const walk = (root: ShadowRoot, path: string) => {
    root.querySelectorAll('*').forEach((el, i) => {
      if (el instanceof HTMLStyleElement) return;
      const key = `${path}/${el.localName}[${i}]`;
      const cs = getComputedStyle(el);
      out.set(key, Object.fromEntries(PROPS.map((p) => [p, cs.getPropertyValue(p)])));
      if (el.shadowRoot) walk(el.shadowRoot, key);
    });
  };
  walk(host.shadowRoot!, host.localName);
  return out;
}

function differences(clean: Map<string, Record<string, string>>, now: Map<string, Record<string, string>>, font?: string): string[] {
  const diffs: string[] = [];
  expect(now.size, 'same elements rendered').to.equal(clean.size);
  for (const [key, styles] of clean) {
    for (const p of PROPS) {
      const got = now.get(key)![p];
      if (p === 'font-family' && font) {
        if (!got.includes(font)) diffs.push(`${key} ${p}: ${got} (expected the host's ${font})`);
      } else if (got !== styles[p]) diffs.push(`${key} ${p}: ${styles[p]} → ${got}`);
    }
  }
  return diffs;
}

async function withSheet<T>(css: string, fn: () => T): Promise<T> {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  try {
    return fn();
  } finally {
    style.remove();
  }
}

describe('host page CSS does not leak in', () => {
  after(() => setViewport({ width: 800, height: 600 }));
  /**
   * The three things the issue names: the default portal (on its pipeline section), the pipeline
   * table and its board; and the default portal as it opens, on insights.
   */
  async function mountAll() {
    localStorage.clear(); // the pipeline remembers each user's view
    // Tall enough for every element to be in view at once: the pipeline's rows are virtualized
    // (rendered in view only), and every snapshot must see them.
    await setViewport({ width: 1280, height: 6000 });
    scrollTo(0, 0);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <pk-portal id="default" section="pipeline" .backend=${new FakeBackend()}></pk-portal>
      <pk-portal id="opening" .backend=${new FakeInsightsBackend()}></pk-portal>
      <pk-portal .backend=${new FakeBackend()}><pk-pipeline id="table"></pk-pipeline><pk-pipeline id="board" view="board"></pk-pipeline></pk-portal>
    </div>`);
    const portal = wrapper.querySelector<PkPortal>('#default')!;
    // Rows (or cards) in, and the table's first rows handed to its virtualizer (see table.ts).
    const ready = (p: Element | null | undefined) => !!p?.shadowRoot?.querySelector('[data-id]') && !p.shadowRoot.querySelector('[aria-busy="true"], .first-rows');
    await waitUntil(() => ready(portal.shadowRoot!.querySelector('pk-pipeline')), 'default portal rendered its pipeline');
    await waitUntil(() => ready(wrapper.querySelector('#table')) && ready(wrapper.querySelector('#board')), 'table and board rendered');
    const opening = wrapper.querySelector<PkPortal>('#opening')!;
    // Its charts too (they follow the figures by a task, see insights.ts).
    await waitUntil(() => opening.shadowRoot!.querySelector('pk-insights')?.shadowRoot?.querySelector('[part~="chart"]'), 'default portal opened on insights');
    return { wrapper, hosts: [portal, wrapper.querySelector<PkPipeline>('#table')!, wrapper.querySelector<PkPipeline>('#board')!, opening] };
  }

  it('holds against every hostile stylesheet of the matrix, in every element, and keeps the host font', async () => {
    const { hosts } = await mountAll();
    const clean = hosts.map(snapshot);
    expect(clean[0].size, 'default portal, with its pipeline, renders content').to.be.greaterThan(100);
    for (const sheet of SHEETS) {
      const diffs = await withSheet(sheet.css, () => hosts.flatMap((h, i) => differences(clean[i], snapshot(h), sheet.font)));
      expect(diffs.slice(0, 8), `${sheet.name}: ${diffs.length} leaked styles`).to.deep.equal([]);
    }
  });

  it('holds in every other registered element too, for a partner and for a channel manager', async () => {
    // The contract's tag names (CONTRACT.md); whichever are built so far are registered by src/all.ts.
    const contract = ['pk-deal-form', 'pk-registration-review', 'pk-rules', 'pk-rules-gate', 'pk-content-library', 'pk-announcements', 'pk-insights'];
    const registered = contract.filter((tag) => customElements.get(tag));
    expect(registered.length, 'elements besides the portal and the pipeline').to.be.greaterThan(0);
    const hosts: Element[] = [];
    for (const role of ['partner_user', 'channel_manager'] as const) {
      const backend = new FakeRegistrationBackend(partnerMe(role));
      backend.deals = makeDeals(5);
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = `<pk-portal>${registered.map((t) => `<${t}></${t}>`).join('')}</pk-portal>`;
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      hosts.push(...registered.map((t) => wrapper.querySelector(t)!));
    }
    // Settled: no pending state, and the rendered tree stopped changing.
    const count = () => hosts.reduce((n, h) => n + snapshot(h).size, 0);
    let last = -1;
    await waitUntil(() => {
      const now = count();
      const busy = hosts.some((h) => h.shadowRoot!.querySelector('[aria-busy="true"], .loading'));
      const stable = now === last && now > 0 && !busy;
      last = now;
      return stable;
    }, 'elements settled');
    const clean = hosts.map(snapshot);
    for (const sheet of SHEETS) {
      const diffs = await withSheet(sheet.css, () => hosts.flatMap((h, i) => differences(clean[i], snapshot(h), sheet.font)));
      expect(diffs.slice(0, 8), `${sheet.name}: ${diffs.length} leaked styles`).to.deep.equal([]);
    }
  });

  it('still takes the --pk-* tokens and the font a host sets on purpose, whatever else it does', async () => {
    const { hosts } = await mountAll();
    const [, table] = hosts;
    const cell = () => getComputedStyle(table.shadowRoot!.querySelector('.rows [role="gridcell"]')!);
    await withSheet(
      `* { ${important(HOSTILE)} } :root { --pk-sys-color-text: rgb(1, 2, 3); --pk-sys-font-family: Verdana, sans-serif; --pk-sys-font-size: 19px }`,
      () => {
        expect(cell().color).to.equal('rgb(1, 2, 3)');
        expect(cell().webkitTextFillColor).to.equal('rgb(1, 2, 3)');
        expect(cell().fontFamily).to.contain('Verdana');
        expect(cell().fontSize).to.equal('19px');
        expect(cell().textTransform).to.equal('none');
      },
    );
  });

  it('follows the page on purpose: a collapsed container of the page still hides us', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="visibility: hidden">
      <pk-portal .backend=${new FakeBackend()}><pk-pipeline></pk-pipeline></pk-portal>
    </div>`);
    const el = wrapper.querySelector<PkPipeline>('pk-pipeline')!;
    el.scrollIntoView();
    await waitUntil(() => el.shadowRoot!.querySelector('.rows [role="gridcell"]'));
    expect(getComputedStyle(el.shadowRoot!.querySelector('.rows [role="gridcell"]')!).visibility).to.equal('hidden');
  });
});
