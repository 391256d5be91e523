import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/rules-gate/define.js';
import type { PkPortal } from '../../components/portal/portal.js';
import type { PkRulesGate } from '../../components/rules-gate/rules-gate.js';
import { PkApiError } from '../../src/api/errors.js';
import { partnerMe } from './fake-backend.js';
import { FakeEngagementBackend, rulesVersion } from './fake-engagement-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

async function mount(backend: FakeEngagementBackend) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-rules-gate><label>Customer <input id="typed" /></label></pk-rules-gate></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const gate = wrapper.querySelector('pk-rules-gate') as PkRulesGate;
  const input = wrapper.querySelector('#typed') as HTMLInputElement;
  return { gate, input };
}

const content = (gate: PkRulesGate) => gate.shadowRoot!.querySelector('[part~="content"]') as HTMLElement;
const inner = (gate: PkRulesGate) => gate.shadowRoot!.querySelector('pk-rules');
const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;

describe('pk-rules-gate', () => {
  it('shows its children when the current version is acknowledged', async () => {
    const backend = new FakeEngagementBackend();
    backend.acknowledged.set(2, new Date().toISOString());
    const { gate, input } = await mount(backend);
    await waitUntil(() => gate.unlocked, 'unlocked');
    expect(content(gate).hidden).to.equal(false);
    expect(visible(input)).to.equal(true);
    expect(inner(gate)).to.equal(null);
    await expect(gate).to.be.accessible();
  });

  it('shows pk-rules until then, hiding (not removing) its children; unlocks on acknowledgment', async () => {
    const backend = new FakeEngagementBackend();
    const { gate, input } = await mount(backend);
    await waitUntil(() => inner(gate)?.shadowRoot?.querySelector('[part~="accept-button"]'), 'rules shown');
    expect(content(gate).hidden).to.equal(true);
    expect(content(gate).inert).to.equal(true);
    expect(input.isConnected).to.equal(true);
    expect(visible(input)).to.equal(false);
    expect(gate.shadowRoot!.querySelector('[part~="notice"]')!.textContent).to.contain('Accept the current rules');
    await expect(gate).to.be.accessible();
    const accept = inner(gate)!.shadowRoot!.querySelector('[part~="accept-button"]') as HTMLButtonElement;
    accept.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => gate.unlocked, 'unlocked');
    expect(visible(input)).to.equal(true);
    expect(inner(gate)).to.equal(null);
    expect(gate.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('accepted');
    await expect(gate).to.be.accessible();
  });

  it('locks again when a new version is published (live), keeping what was typed, and unlocks after the new acknowledgment', async () => {
    const backend = new FakeEngagementBackend();
    backend.acknowledged.set(2, new Date().toISOString());
    const { gate, input } = await mount(backend);
    await waitUntil(() => gate.unlocked, 'unlocked');
    input.focus();
    await sendKeys({ type: 'Contoso Ltd' });
    backend.versions.push(rulesVersion(3));
    backend.live('rules.published', { version: 3 });
    await waitUntil(() => !gate.unlocked, 'locked again');
    expect(content(gate).hidden).to.equal(true);
    expect(input.isConnected).to.equal(true);
    expect(input.value).to.equal('Contoso Ltd');
    expect(gate.shadowRoot!.querySelector('[part~="notice"]')!.textContent).to.contain('what you entered is kept');
    await waitUntil(() => inner(gate)?.shadowRoot?.querySelector('[part~="changes"]'), 'changes since v2');
    (inner(gate)!.shadowRoot!.querySelector('[part~="accept-button"]') as HTMLButtonElement).click();
    await waitUntil(() => gate.unlocked, 'unlocked again');
    expect(input.value).to.equal('Contoso Ltd');
    expect(backend.ackCalls).to.deep.equal([3]);
  });

  it('never locks a channel manager', async () => {
    const { gate } = await mount(new FakeEngagementBackend(partnerMe('channel_manager')));
    await waitUntil(() => gate.unlocked, 'unlocked');
  });

  it('checking (aria-busy) and error with retry keep the children hidden', async () => {
    const backend = new FakeEngagementBackend();
    backend.acknowledged.set(2, new Date().toISOString());
    let release!: () => void;
    backend.hold.getMe = new Promise<void>((r) => (release = r));
    backend.failures.getMe = new PkApiError('http', { type: 'about:blank', title: 'Service unavailable', status: 503 });
    const { gate, input } = await mount(backend);
    await waitUntil(() => gate.shadowRoot?.querySelector('[aria-busy="true"]'), 'checking');
    expect(visible(input)).to.equal(false);
    await expect(gate).to.be.accessible();
    release();
    await waitUntil(() => gate.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(gate.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('Could not check the rules');
    expect(visible(input)).to.equal(false);
    await expect(gate).to.be.accessible();
    delete backend.hold.getMe;
    (gate.shadowRoot!.querySelector('[part~="retry-button"]') as HTMLButtonElement).click();
    await waitUntil(() => gate.unlocked, 'unlocked after retry');
  });
});
