import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import { PkPortal } from '../../components/portal/portal.js';
import type { PkPipeline } from '../../components/pipeline/pipeline.js';
import { PkApiError } from '../../src/api/errors.js';
import { configure, type PartnerkitConfig } from '../../src/context/config.js';
import { defineElement } from '../../src/internal/define.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { FakeBackend, deferred, partnerMe } from './fake-backend.js';

/** Generous timeout: a loaded CI machine is slower than a laptop. */
const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

/** Exposes the resolved configuration of a plain Partnerkit element. */
class ConfigProbe extends PkElement {
  get resolved(): PartnerkitConfig {
    return this.config;
  }
}
customElements.define('pk-test-probe', ConfigProbe);

const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')];
const resetGlobal = () => configure({ apiUrl: undefined, sessionUrl: undefined, fetchSession: undefined, backend: undefined, locale: undefined });

describe('pk-portal', () => {
  // Views are remembered per user in localStorage, shared by every test file of this origin.
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    resetGlobal();
    localStorage.clear(); // the pipeline remembers each user's view
  });

  describe('configuration precedence', () => {
    it('falls back to configure() when there is no portal, and follows later configure() calls', async () => {
      configure({ apiUrl: 'https://global.example', sessionUrl: '/global-session' });
      const probe = await fixture<ConfigProbe>(html`<pk-test-probe></pk-test-probe>`);
      expect(probe.resolved.apiUrl).to.equal('https://global.example');
      expect(probe.resolved.sessionUrl).to.equal('/global-session');

      const pipeline = await fixture<PkPipeline>(html`<pk-pipeline></pk-pipeline>`);
      await waitUntil(() => pipeline.shadowRoot!.querySelector('[role="alert"]'));
      configure({ backend: new FakeBackend(), apiUrl: undefined });
      await waitUntil(() => rows(pipeline).length > 5, 'configure() after connection reached the element');
    });

    it('takes the portal over configure(), and the element attributes over the portal', async () => {
      const fetchSession = async () => 'token';
      configure({ apiUrl: 'https://global.example', sessionUrl: '/global-session', locale: 'en-GB' });
      const wrapper = await fixture(html`<pk-portal api-url="https://portal.example" .fetchSession=${fetchSession}>
        <pk-test-probe id="inherits"></pk-test-probe>
        <pk-test-probe id="own" api-url="https://own.example" session-url="/own-session"></pk-test-probe>
      </pk-portal>`);
      const inherits = wrapper.querySelector<ConfigProbe>('#inherits')!.resolved;
      expect(inherits.apiUrl).to.equal('https://portal.example');
      expect(inherits.fetchSession).to.equal(fetchSession);
      expect(inherits.sessionUrl).to.equal(undefined);
      expect(inherits.locale).to.equal('en-GB');
      const own = wrapper.querySelector<ConfigProbe>('#own')!.resolved;
      expect(own.apiUrl).to.equal('https://own.example');
      expect(own.sessionUrl).to.equal('/own-session');
      expect(own.fetchSession).to.equal(undefined);
    });

    it("lets a portal's backend replace REST, but an element's own api-url wins over it", async () => {
      const backend = new FakeBackend();
      configure({ apiUrl: 'https://global.example' });
      const wrapper = await fixture(html`<pk-portal .backend=${backend}>
        <pk-test-probe id="a"></pk-test-probe>
        <pk-test-probe id="b" api-url="https://own.example"></pk-test-probe>
      </pk-portal>`);
      expect(wrapper.querySelector<ConfigProbe>('#a')!.resolved.backend).to.equal(backend);
      const b = wrapper.querySelector<ConfigProbe>('#b')!.resolved;
      expect(b.backend).to.equal(undefined);
      expect(b.apiUrl).to.equal('https://own.example');
    });
  });

  describe('late upgrade', () => {
    it('serves elements that asked for context before the portal was defined', async () => {
      const backend = new FakeBackend();
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = '<pk-late-portal><pk-pipeline></pk-pipeline></pk-late-portal>';
      const late = wrapper.querySelector('pk-late-portal') as PkPortal;
      (late as unknown as { backend: FakeBackend }).backend = backend; // set before the upgrade
      const pipeline = wrapper.querySelector('pk-pipeline') as PkPipeline;
      await waitUntil(() => pipeline.shadowRoot!.querySelector('[role="alert"]'), 'not configured until the portal upgrades');
      customElements.define('pk-late-portal', class extends PkPortal {});
      await waitUntil(() => rows(pipeline).length > 5, 'pipeline got the late portal context');
      expect(backend.listCalls.length).to.be.greaterThan(0);
    });
  });

  describe('default portal', () => {
    it('renders header, navigation and the pipeline when empty', async () => {
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeBackend()}></pk-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelector('header'), 'header');
      expect(portal.shadowRoot!.querySelector('header')!.textContent).to.contain('Ada Rep');
      expect(portal.shadowRoot!.querySelector('header')!.textContent).to.contain('Northwind Resellers (Gold)');
      const tabs = [...portal.shadowRoot!.querySelectorAll('[role="tab"]')];
      expect(tabs.map((t) => t.textContent!.trim())).to.include('Pipeline');
      expect(tabs.find((t) => t.textContent!.trim() === 'Pipeline')!.getAttribute('aria-selected')).to.equal('true');
      const pipeline = portal.shadowRoot!.querySelector('[role="tabpanel"] pk-pipeline') as PkPipeline;
      await waitUntil(() => rows(pipeline).length > 5, 'pipeline inside the default portal');
      await expect(portal).to.be.accessible();
    });

    it('opens on the pipeline while /v1/me is on its way: its deals load at once, and nothing moves when the user lands', async () => {
      const backend = new FakeBackend();
      const me = deferred();
      const getMe = backend.getMe.bind(backend);
      backend.getMe = async (o) => {
        await me.promise;
        return getMe(o);
      };
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${backend} style="display: block; width: 1100px"></pk-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelector('#panel pk-pipeline'), 'the pipeline section before the user');
      const pipeline = portal.shadowRoot!.querySelector('#panel pk-pipeline') as PkPipeline;
      await waitUntil(() => pipeline.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]').length > 5, 'deals without waiting for /v1/me');
      expect(backend.listCalls.length).to.be.greaterThan(0);
      expect(portal.shadowRoot!.querySelector('[role="status"][aria-busy="true"]')).to.exist;
      await expect(portal).to.be.accessible();
      const before = pipeline.getBoundingClientRect().top;
      const height = portal.getBoundingClientRect().height;
      me.resolve();
      await waitUntil(() => portal.shadowRoot!.querySelector('header'), 'header');
      await portal.updateComplete;
      expect(portal.shadowRoot!.querySelector('#panel pk-pipeline'), 'the same element, kept').to.equal(pipeline);
      expect(pipeline.getBoundingClientRect().top).to.equal(before);
      expect(portal.getBoundingClientRect().height).to.equal(height);
    });

    it("re-exports the sections' parts so the host page can style them", async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <style>
          .styled-portal::part(pipeline-table) { outline: 3px solid rgb(7, 8, 9); }
        </style>
      </div>`);
      const portal = document.createElement('pk-portal') as PkPortal;
      portal.className = 'styled-portal';
      portal.backend = new FakeBackend();
      wrapper.append(portal);
      await waitUntil(() => portal.shadowRoot!.querySelector('pk-pipeline'));
      const pipeline = portal.shadowRoot!.querySelector('pk-pipeline') as PkPipeline;
      await waitUntil(() => rows(pipeline).length > 0);
      expect(getComputedStyle(pipeline.shadowRoot!.querySelector('[role="grid"]')!).outlineColor).to.equal('rgb(7, 8, 9)');
    });

    it('adds a section for each registered element, with arrow-key tab navigation', async () => {
      // Stand-ins for elements that register later: a section appears once its tag is defined.
      if (!customElements.get('pk-content-library')) customElements.define('pk-content-library', class extends HTMLElement {});
      if (!customElements.get('pk-registration-review')) customElements.define('pk-registration-review', class extends HTMLElement {});
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeBackend()}></pk-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelectorAll('[role="tab"]').length > 1);
      const tabs = () => [...portal.shadowRoot!.querySelectorAll<HTMLElement>('[role="tab"]')];
      expect(tabs().map((t) => t.textContent!.trim())).to.deep.equal(['Pipeline', 'Content'], 'review queue is for channel managers only');
      const pipeline = portal.shadowRoot!.querySelector('[role="tabpanel"] pk-pipeline');
      tabs()[0].focus();
      await sendKeys({ press: 'ArrowRight' });
      await waitUntil(() => portal.section === 'content');
      expect(portal.shadowRoot!.activeElement).to.equal(tabs()[1]);
      expect(portal.shadowRoot!.querySelector('[role="tabpanel"] pk-content-library')).to.exist;
      await sendKeys({ press: 'Home' });
      await waitUntil(() => portal.section === 'pipeline');
      expect(portal.shadowRoot!.querySelector('[role="tabpanel"] pk-pipeline'), 'the pipeline element is kept, not rebuilt').to.equal(pipeline);
      await expect(portal).to.be.accessible();
    });

    it('shows the channel manager role', async () => {
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeBackend(undefined, partnerMe('channel_manager'))}></pk-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelector('header'));
      expect(portal.shadowRoot!.querySelector('header')!.textContent).to.contain('Channel manager');
    });

    it('shows an error with retry when the user cannot be loaded', async () => {
      const backend = new FakeBackend();
      let fail = true;
      const getMe = backend.getMe.bind(backend);
      backend.getMe = async () => {
        if (fail) throw new PkApiError('auth', { type: 'x', title: 'You are signed out', status: 401 });
        return getMe();
      };
      // Short lists, so all three are in the viewport (a pipeline renders the rows in view only).
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${backend} style="--pk-pipeline-height: 9rem"></pk-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelector('[role="alert"]'));
      expect(portal.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('You are signed out');
      await expect(portal).to.be.accessible();
      fail = false;
      portal.shadowRoot!.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
      await waitUntil(() => portal.shadowRoot!.querySelector('header'), 'recovered after retry');
    });

    it('renders its children instead of the default portal when it has any', async () => {
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeBackend()}><p>Host markup</p></pk-portal>`);
      expect(portal.shadowRoot!.querySelector('slot')).to.exist;
      expect(portal.shadowRoot!.querySelector('header')).to.equal(null);
    });
  });

  describe('theme', () => {
    it('applies dark tokens inside theme="dark", and host-page tokens on the portal still win', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = '<pk-portal theme="dark"><pk-pipeline></pk-pipeline></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeBackend();
      const pipeline = wrapper.querySelector('pk-pipeline') as PkPipeline;
      await waitUntil(() => rows(pipeline).length > 0);
      expect(getComputedStyle(rows(pipeline)[0].querySelector('[role="gridcell"]')!).color).to.equal('rgb(230, 233, 239)');
      await expect(pipeline).to.be.accessible();
      (wrapper.querySelector('pk-portal') as HTMLElement).style.setProperty('--pk-sys-color-text', 'rgb(9, 9, 9)');
      expect(getComputedStyle(rows(pipeline)[0].querySelector('[role="gridcell"]')!).color).to.equal('rgb(9, 9, 9)');
    });
  });

  describe('signed out', () => {
    const signedOut = () =>
      new PkApiError('auth', {
        type: 'https://partnerkit.dev/problems/signed-out', title: 'You are signed out', status: 401,
        detail: 'Sign in to the partner site again, then retry. Nothing you typed is lost.',
      });
    const alerts = (els: Element[]) => els.flatMap((el) => [...el.shadowRoot!.querySelectorAll('[role="alert"]')]);

    it('is said once for all the elements sharing a session; its one retry brings every element back', async () => {
      const backend = new FakeBackend();
      const listDeals = backend.listDeals.bind(backend);
      let out = true;
      let failures = 0;
      backend.listDeals = async (q, o) => {
        if (out && ++failures) throw signedOut();
        return listDeals(q, o);
      };
      // Short lists, so all three are in the viewport (a pipeline renders the rows in view only).
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${backend} style="--pk-pipeline-height: 9rem">
        <pk-pipeline id="a"></pk-pipeline><pk-pipeline id="b" view="board" hide-filters></pk-pipeline><pk-pipeline id="c" hide-filters></pk-pipeline>
      </pk-portal>`);
      const els = [...portal.querySelectorAll('pk-pipeline')];
      await waitUntil(() => failures >= 3 && alerts(els).length > 0, 'all three failed');
      await Promise.all(els.map((el) => (el as PkPipeline).updateComplete));
      expect(alerts(els), 'one notice for three elements').to.have.length(1);
      expect(alerts(els)[0].textContent).to.contain('You are signed out');
      await expect(portal).to.be.accessible();
      out = false;
      alerts(els)[0].querySelector('button')!.click();
      // Recovered: the table (its rows render once scrolled into view) or the board's cards.
      const recovered = (el: Element) => el.shadowRoot!.querySelector('[role="grid"], .card[data-id]');
      await waitUntil(() => els.every(recovered), 'every element recovered');
      expect(alerts(els)).to.have.length(0);

      // Signed out again; the element showing the notice is removed: another one takes over.
      out = true;
      els.forEach((el) => (el as PkPipeline).refresh());
      await waitUntil(() => alerts(els).length === 1 && els.every((el) => !recovered(el)));
      const leader = els.find((el) => el.shadowRoot!.querySelector('[role="alert"]'))!;
      leader.remove();
      const rest = els.filter((el) => el !== leader);
      await waitUntil(() => alerts(rest).length === 1, 'the next element shows the notice');
    });
  });

  describe('theme: readable and not edge to edge', () => {
    /** Any CSS colour (oklch(), color(srgb …), rgb()) as sRGB bytes, through a canvas. */
    function rgb(color: string): [number, number, number] {
      const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b];
    }
    function contrast(a: string, b: string): number {
      const lum = (c: string) => {
        const [r, g, bl] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
      };
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    }

    it('keeps the pressed view toggle readable whatever primary a vendor picks, in both themes', async () => {
      const primaries = ['#9db7ff', '#ffd400', '#c7d7ff', '#e0641f', '#2f5bd3', '#0f2a5c', '#7a1fa2', '#3aa876', '#808080'];
      const failures: string[] = [];
      for (const theme of ['light', 'dark']) {
        for (const primary of primaries) {
          // The primary set on an ancestor or on the portal itself. In dark, with the white
          // on-primary the demo page pairs with its navy primary (a light theme's pair, kept
          // when a vendor swaps in a light primary for dark): the dark theme must not use it.
          for (const where of ['ancestor', 'portal']) {
            const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
            const style = `--pk-sys-color-primary: ${primary}${theme === 'dark' ? '; --pk-sys-color-on-primary: #ffffff' : ''}`;
            wrapper.innerHTML = where === 'ancestor'
              ? `<div style="${style}"><pk-portal theme="${theme}"><pk-pipeline></pk-pipeline></pk-portal></div>`
              : `<pk-portal theme="${theme}" style="${style}"><pk-pipeline></pk-pipeline></pk-portal>`;
            (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeBackend();
            const pipeline = wrapper.querySelector('pk-pipeline') as PkPipeline;
            await waitUntil(() => pipeline.shadowRoot!.querySelector('[aria-pressed="true"]'));
            const pressed = getComputedStyle(pipeline.shadowRoot!.querySelector('[aria-pressed="true"]')!);
            const ratio = contrast(pressed.color, pressed.backgroundColor);
            if (ratio < 4.5) failures.push(`${theme}, ${primary} on ${where}: ${pressed.color} on ${pressed.backgroundColor} = ${ratio.toFixed(2)}`);
          }
        }
      }
      expect(failures).to.deep.equal([]);
    });

    it("uses the vendor's own on-primary in the light theme, and in dark when set on the element itself", async () => {
      const pressedColor = async (markup: string) => {
        const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
        wrapper.innerHTML = markup;
        (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeBackend();
        const pipeline = wrapper.querySelector('pk-pipeline') as PkPipeline;
        await waitUntil(() => pipeline.shadowRoot!.querySelector('[aria-pressed="true"]'));
        return getComputedStyle(pipeline.shadowRoot!.querySelector('[aria-pressed="true"]')!).color;
      };
      const pair = '--pk-sys-color-primary: rgb(15, 42, 92); --pk-sys-color-on-primary: rgb(255, 250, 240)';
      expect(await pressedColor(`<pk-portal style="${pair}"><pk-pipeline></pk-pipeline></pk-portal>`)).to.equal('rgb(255, 250, 240)');
      expect(await pressedColor(`<pk-portal theme="dark"><pk-pipeline style="${pair}"></pk-pipeline></pk-portal>`)).to.equal('rgb(255, 250, 240)');
    });

    it('pads a painted (dark or auto) portal, and leaves a light one flush', async () => {
      const pad = async (theme: string) => {
        const portal = await fixture<PkPortal>(html`<pk-portal theme=${theme} .backend=${new FakeBackend()}></pk-portal>`);
        await waitUntil(() => portal.shadowRoot!.querySelector('header'));
        const root = getComputedStyle(portal.shadowRoot!.querySelector('.pk-root')!);
        return { padding: root.paddingLeft, background: root.backgroundColor, portal };
      };
      const dark = await pad('dark');
      expect(dark.padding).to.equal('16px');
      expect(dark.background).to.equal('rgb(21, 24, 29)');
      await expect(dark.portal).to.be.accessible();
      expect((await pad('auto')).padding).to.equal('16px');
      const light = await pad('light');
      expect(light.padding).to.equal('0px');
      expect(light.background).to.equal('rgba(0, 0, 0, 0)');
      const custom = await fixture<PkPortal>(html`<pk-portal theme="dark" style="--pk-portal-padding: 4px" .backend=${new FakeBackend()}></pk-portal>`);
      expect(getComputedStyle(custom.shadowRoot!.querySelector('.pk-root')!).paddingLeft).to.equal('4px');
    });
  });

  describe('registration', () => {
    it('warns instead of throwing when a second copy defines the same tag', () => {
      const warnings: unknown[][] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        expect(() => defineElement('pk-portal', class extends PkPortal {})).not.to.throw();
      } finally {
        console.warn = original;
      }
      expect(String(warnings[0]?.[0])).to.contain('<pk-portal> is already defined');
      expect(customElements.get('pk-portal')).to.equal(PkPortal);
    });
  });
});
