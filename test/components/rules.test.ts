import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/rules/define.js';
import '../../components/announcements/define.js';
import type { PkPortal } from '../../components/portal/portal.js';
import type { PkRules } from '../../components/rules/rules.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkRulesAcknowledgedEvent } from '../../src/events/pk-rules-acknowledged.js';
import { partnerMe } from './fake-backend.js';
import { FakeEngagementBackend, rulesVersion } from './fake-engagement-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });
const cm = () => partnerMe('channel_manager');

async function mount(backend: FakeEngagementBackend, wait = true) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-rules></pk-rules></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-rules') as PkRules;
  if (wait) await waitUntil(() => el.shadowRoot?.querySelector('[part~="rules"], [part~="empty"], [part~="error"]'), 'did not load');
  return { wrapper, el };
}

const q = <T extends Element = HTMLElement>(el: PkRules, sel: string) => el.shadowRoot!.querySelector(sel) as T;

describe('pk-rules', () => {
  describe('partner', () => {
    it('shows the current rules, what changed since the accepted version (summary and word diff), sanitized rich text', async () => {
      const { el } = await mount(new FakeEngagementBackend());
      expect(q(el, '[part~="title"]').textContent).to.contain('Rules of engagement v2');
      const changes = q(el, '[part~="changes"]');
      expect(changes.textContent).to.contain('since version 1');
      expect(changes.textContent).to.contain('Summary of version 2');
      expect(q(el, '[part~="diff"] ins').textContent).to.contain('2');
      expect(q(el, '[part~="diff"] del').textContent).to.contain('1');
      const body = q(el, '[part~="body"]');
      expect(body.querySelector('h3')!.textContent).to.equal('Territories'); // h1 moved under the h2 title
      expect(body.querySelectorAll('li')).to.have.length(2);
      expect(body.querySelector('table td')!.textContent).to.equal('Gold');
      const link = body.querySelector('a')!;
      expect(link.getAttribute('target')).to.equal('_blank');
      expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
      await expect(el).to.be.accessible();
    });

    it('"I have read and accept" sends exactly one receipt however often it is clicked, shows it, fires pk-rules-acknowledged once', async () => {
      const backend = new FakeEngagementBackend();
      let release!: () => void;
      backend.hold.acknowledgeRules = new Promise<void>((r) => (release = r));
      const { el } = await mount(backend);
      const events: PkRulesAcknowledgedEvent[] = [];
      document.addEventListener('pk-rules-acknowledged', (e) => events.push(e));
      const button = q<HTMLButtonElement>(el, '[part~="accept-button"]');
      for (let i = 0; i < 5; i++) button.click();
      button.focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: ' ' });
      await waitUntil(() => q(el, '[role="status"].muted'), 'busy');
      release();
      await waitUntil(() => q(el, '[part~="receipt"]'), 'receipt');
      expect(backend.ackCalls).to.deep.equal([2]);
      expect(events).to.have.length(1);
      expect(events[0].detail.version).to.equal(2);
      expect(events[0].detail.acknowledgedAt).to.match(/^\d{4}-/);
      expect(events[0].bubbles && events[0].composed).to.equal(true);
      const receipt = q(el, '[part~="receipt"]');
      expect(receipt.textContent).to.contain('version 2');
      expect(receipt.querySelector('time')!.getAttribute('datetime')).to.equal(events[0].detail.acknowledgedAt);
      expect(q(el, '[part~="accept-button"]')).to.equal(null);
      expect(q(el, '[part~="changes"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('an already accepted version shows the receipt, not the button', async () => {
      const backend = new FakeEngagementBackend();
      backend.acknowledged.set(2, new Date().toISOString());
      const { el } = await mount(backend);
      expect(q(el, '[part~="receipt"]').textContent).to.contain('version 2');
      expect(q(el, '[part~="accept-button"]')).to.equal(null);
    });

    it('a new version published while open appears live; accepting a superseded version shows the new one', async () => {
      const backend = new FakeEngagementBackend();
      const { el } = await mount(backend);
      backend.versions.push(rulesVersion(3));
      backend.live('rules.published', { version: 3 });
      await waitUntil(() => q(el, '[part~="title"]').textContent!.includes('v3'), 'live version');
      expect(q(el, '[role="status"]').textContent).to.contain('Version 3');
      backend.versions.push(rulesVersion(4)); // no event: the server refuses v3
      q<HTMLButtonElement>(el, '[part~="accept-button"]').click();
      await waitUntil(() => q(el, '[part~="title"]').textContent!.includes('v4'), 'superseded → reloaded');
      expect(q(el, '[role="status"]').textContent).to.contain('newer version');
      expect(q(el, '[part~="accept-button"]')).to.not.equal(null);
    });

    it('loading (aria-busy), empty, error with retry, a failed acknowledgment with retry', async () => {
      const slow = new FakeEngagementBackend();
      slow.hold.getCurrentRules = new Promise(() => {});
      const { el: loading } = await mount(slow, false);
      await waitUntil(() => q(loading, '[aria-busy="true"]'), 'loading');
      expect(q(loading, '[aria-busy="true"]').textContent).to.contain('Loading the rules');
      await expect(loading).to.be.accessible();

      const { el: empty } = await mount(new FakeEngagementBackend(partnerMe(), []));
      expect(q(empty, '[part~="empty"]').textContent).to.contain('No rules of engagement');
      await expect(empty).to.be.accessible();

      const failing = new FakeEngagementBackend();
      failing.failures.getCurrentRules = new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });
      const { el: err } = await mount(failing);
      expect(q(err, '[part~="error"]').textContent).to.contain('Could not load the rules of engagement');
      await expect(err).to.be.accessible();
      q<HTMLButtonElement>(err, '[part~="retry-button"]').click();
      await waitUntil(() => q(err, '[part~="rules"]'), 'retried');

      failing.failures.acknowledgeRules = new PkApiError('network', { type: 'about:blank', title: 'Offline', status: 0 });
      q<HTMLButtonElement>(err, '[part~="accept-button"]').click();
      await waitUntil(() => q(err, '[part~="error"]'), 'ack error');
      expect(q(err, '[part~="error"]').textContent).to.contain('could not be sent');
      await expect(err).to.be.accessible();
      q<HTMLButtonElement>(err, '[part~="error"] [part~="retry-button"]').click();
      await waitUntil(() => q(err, '[part~="receipt"]'), 'receipt after retry');
      expect(failing.ackCalls).to.deep.equal([2, 2]);
    });

    it('reads at 320 px without horizontal overflow', async () => {
      await setViewport({ width: 320, height: 800 });
      try {
        const { el } = await mount(new FakeEngagementBackend());
        expect(el.scrollWidth).to.be.at.most(el.clientWidth + 1);
      } finally {
        await setViewport({ width: 1280, height: 800 });
      }
    });
  });

  describe('channel manager', () => {
    it('edits with a live sanitized preview, refuses an empty summary (focused), publishes the next version', async () => {
      const backend = new FakeEngagementBackend(cm());
      const { el } = await mount(backend);
      expect(q(el, '[part~="accept-button"]')).to.equal(null);
      const body = q<HTMLTextAreaElement>(el, '#f-body');
      expect(body.value).to.contain('Territories'); // starts from the current text
      body.value = '# Conflicts\n\n- **Registered** wins <img src=x onerror="window.__pkXss=1">\n\n[bad](javascript:alert(1)) [good](https://vendor.example)';
      body.dispatchEvent(new Event('input'));
      // The preview starts from the current text (# Territories); wait for the new one. # → h4 under the preview's h3.
      await waitUntil(() => q(el, '[part~="preview"] h4')?.textContent === 'Conflicts', 'preview');
      const preview = q(el, '[part~="preview"]');
      expect(preview.querySelector('strong')!.textContent).to.equal('Registered');
      expect(preview.querySelector('img')).to.equal(null);
      expect([...preview.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([null, 'https://vendor.example']);
      expect((window as { __pkXss?: number }).__pkXss).to.equal(undefined);
      await expect(el).to.be.accessible();

      q<HTMLButtonElement>(el, '[part~="publish-button"]').click();
      await waitUntil(() => q(el, '#f-summary[aria-invalid="true"]'), 'summary required');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#f-summary'));
      expect(q(el, '#e-summary').textContent).to.equal('Required');
      await expect(el).to.be.accessible();
      await sendKeys({ type: 'Conflict policy clarified' });
      const title = q<HTMLInputElement>(el, '#f-title');
      title.value = 'Rules 2027';
      title.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="publish-button"]').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, '[part~="title"]').textContent!.includes('Rules 2027'), 'published');
      expect(backend.versions).to.have.length(3);
      expect(backend.versions[2].summary).to.equal('Conflict policy clarified');
      expect(q(el, '[role="status"]').textContent).to.contain('Version 3 is published');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="versions"] details').length === 3, 'versions list');
    });

    it('shows per version which partner orgs and users have and have not acknowledged', async () => {
      const { el } = await mount(new FakeEngagementBackend(cm()));
      const details = el.shadowRoot!.querySelector('[part~="versions"] details') as HTMLDetailsElement;
      expect(details.querySelector('summary')!.textContent).to.contain('Version 2');
      details.querySelector('summary')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => details.querySelector('[part~="report"]'), 'report');
      const table = details.querySelector('[part~="report"]')!;
      expect(table.textContent).to.contain('Northwind Resellers');
      expect(table.textContent).to.contain('Ada Rep');
      expect(table.textContent).to.contain('Not yet');
      expect(table.textContent).to.contain('No users');
      expect(details.textContent).to.contain('1 user acknowledged');
      await expect(el).to.be.accessible();
    });

    it('with nothing published yet: the empty state and the editor', async () => {
      const { el } = await mount(new FakeEngagementBackend(cm(), []));
      expect(q(el, '[part~="empty"]')).to.not.equal(null);
      expect(q(el, '[part~="editor"]')).to.not.equal(null);
      expect(q(el, '[part~="versions"]').textContent).to.contain('No version');
      await expect(el).to.be.accessible();
    });
  });
});

describe('default portal: Rules and Announcements sections with badges', () => {
  it('badges unread announcements and rules not yet accepted; they follow acknowledgments, reads and live events', async () => {
    const backend = new FakeEngagementBackend();
    const portal = await fixture<PkPortal>(html`<pk-portal .backend=${backend}></pk-portal>`);
    const root = portal.shadowRoot!;
    await waitUntil(() => root.querySelector('#tab-rules [part~="badge"]') && root.querySelector('#tab-announcements [part~="badge"]'), 'badges');
    expect(root.querySelector('#tab-rules [part~="badge"]')!.textContent).to.contain('Not yet accepted');
    expect(root.querySelector('#tab-announcements [part~="badge"]')!.textContent).to.contain('2 unread');
    await expect(portal).to.be.accessible();
    (root.querySelector('#tab-rules') as HTMLElement).click();
    await waitUntil(() => root.querySelector('pk-rules')?.shadowRoot?.querySelector('[part~="accept-button"]'), 'rules section');
    (root.querySelector('pk-rules')!.shadowRoot!.querySelector('[part~="accept-button"]') as HTMLButtonElement).click();
    await waitUntil(() => !root.querySelector('#tab-rules [part~="badge"]'), 'rules badge cleared');
    backend.versions.push(rulesVersion(3));
    backend.live('rules.published', { version: 3 });
    await waitUntil(() => root.querySelector('#tab-rules [part~="badge"]'), 'rules badge back on a new version');
    backend.announcements[0].readAt = new Date().toISOString();
    backend.announcements[1].readAt = new Date().toISOString();
    backend.live('announcement.published', { id: 'an_1' });
    await waitUntil(() => !root.querySelector('#tab-announcements [part~="badge"]'), 'announcements badge follows the count');
  });
});

describe('layout and direction: pk-rules and pk-announcements', () => {
  for (const width of [320, 768, 1920]) {
    it(`reads at ${width} px, partner and channel manager, nothing scrolls sideways`, async () => {
      await setViewport({ width, height: 900 });
      try {
        for (const me of [partnerMe(), cm()]) {
          for (const tag of ['pk-rules', 'pk-announcements']) {
            const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 100%"></div>`);
            wrapper.innerHTML = `<pk-portal><${tag}></${tag}></pk-portal>`;
            (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeEngagementBackend(me);
            const el = wrapper.querySelector(tag)!;
            await waitUntil(() => el.shadowRoot?.querySelector('[part~="rules"], [part~="feed"]'), `${tag} loaded`);
            const root = el.shadowRoot!.querySelector('.pk-root') as HTMLElement;
            expect(root.scrollWidth, `${tag} ${me.user.role} at ${width}`).to.be.at.most(root.clientWidth + 1);
            expect(el.getBoundingClientRect().width).to.be.at.most(width);
          }
        }
      } finally {
        await setViewport({ width: 1280, height: 800 });
      }
    });
  }

  it('Arabic: right to left, translated words, accept still sends one receipt', async () => {
    const backend = new FakeEngagementBackend();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = '<pk-portal locale="ar"><pk-rules></pk-rules></pk-portal>';
    (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
    const el = wrapper.querySelector('pk-rules') as PkRules;
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="accept-button"]'), 'loaded');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(el.matches(':dir(rtl)')).to.equal(true);
    expect(q(el, '[part~="accept-button"]').textContent!.trim()).to.equal('قرأتها وأُقرّ بها');
    const changes = q(el, '[part~="changes"]');
    expect(getComputedStyle(changes).borderInlineStartWidth).to.equal('4px');
    expect(parseFloat(getComputedStyle(changes).borderRightWidth)).to.equal(4); // inline-start is the right edge
    await expect(el).to.be.accessible();
  });
});

describe('dark theme', () => {
  it('pk-rules (both roles) and pk-announcements are axe clean with theme="dark"', async () => {
    for (const [tag, me] of [['pk-rules', partnerMe()], ['pk-rules', cm()], ['pk-announcements', partnerMe()], ['pk-announcements', cm()]] as const) {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = `<pk-portal theme="dark"><${tag}></${tag}></pk-portal>`;
      (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeEngagementBackend(me);
      const el = wrapper.querySelector(tag)!;
      await waitUntil(() => el.shadowRoot?.querySelector('[part~="rules"], [part~="feed"]'), `${tag} loaded`);
      await expect(wrapper.querySelector('pk-portal')!).to.be.accessible();
    }
  });
});
