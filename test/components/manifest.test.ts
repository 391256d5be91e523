/**
 * The Custom Elements Manifest (dist/custom-elements.json, `npm run build`) against what the
 * elements really do: the CSS custom properties their styles read, the parts they render in
 * every state (and the portal's re-exported ones), the attributes they observe, the properties
 * they accept and the events they fire, with their classes.
 */
import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import * as partnerkit from '../../src/index.js'; // registers every element
import { PkElement } from '../../src/internal/pk-element.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { FakeBackend, partnerMe } from './fake-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

interface Named {
  name: string;
  description?: string;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  cssProperties?: Named[];
  cssParts?: Named[];
  attributes?: Array<Named & { fieldName?: string }>;
  members?: Array<Named & { kind: string; static?: boolean; readonly?: boolean; privacy?: string }>;
  events?: Array<Named & { type?: { text: string } }>;
}

let elements: Map<string, Declaration>;
before(async () => {
  const res = await fetch('/dist/custom-elements.json');
  expect(res.ok, 'dist/custom-elements.json exists (npm run build)').to.equal(true);
  const manifest = (await res.json()) as { modules: Array<{ declarations?: Declaration[] }> };
  elements = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => [d.tagName!, d]));
});

const names = (list: Named[] | undefined) => (list ?? []).map((x) => x.name).sort();
const sorted = (set: Iterable<string>) => [...new Set(set)].sort();
type LitClass = typeof LitElement & { parts?: readonly string[] };
const classOf = (tag: string) => customElements.get(tag) as unknown as LitClass;

/** `--pk-*` custom properties an element's styles read with var(). */
function cssVarsRead(tag: string): string[] {
  const text = classOf(tag)
    .elementStyles.map((s) => ('cssText' in s ? s.cssText : [...(s as CSSStyleSheet).cssRules].map((r) => r.cssText).join('\n')))
    .join('\n');
  return sorted([...text.matchAll(/var\(\s*(--pk-[\w-]+)/g)].map((m) => m[1]));
}

/** Part names in a shadow root, with the names it re-exports from nested elements. */
function partsIn(root: ShadowRoot, into: Set<string>): void {
  root.querySelectorAll('[part]').forEach((n) => n.getAttribute('part')!.split(/\s+/).filter(Boolean).forEach((p) => into.add(p)));
  root.querySelectorAll('[exportparts]').forEach((n) =>
    n.getAttribute('exportparts')!.split(',').forEach((pair) => into.add(pair.split(':').pop()!.trim())),
  );
}

const failingBackend = (): FakeBackend => {
  const b = new FakeBackend();
  const unavailable = () => new PkApiError('http', { type: 'about:blank', title: 'Service unavailable', status: 503 });
  b.getMe = () => Promise.reject(unavailable());
  b.failNext = unavailable();
  return b;
};

describe('custom-elements.json', () => {
  it('lists every element the package registers', () => {
    const registered = (Object.values(partnerkit) as unknown[])
      .filter((v): v is CustomElementConstructor => typeof v === 'function' && v.prototype instanceof PkElement)
      .map((cls) => customElements.getName(cls))
      .filter((tag): tag is string => !!tag);
    expect(registered.length, 'src/index.ts exports the element classes').to.be.greaterThan(1);
    expect(sorted(elements.keys())).to.deep.equal(sorted(registered));
  });

  it("documents exactly the --pk-* custom properties each element's styles read", () => {
    for (const [tag, d] of elements) {
      const read = cssVarsRead(tag);
      expect(read.filter((n) => n.startsWith('--pk-sys-')).length, `${tag} reads the system tokens`).to.be.greaterThan(10);
      expect(names(d.cssProperties), tag).to.deep.equal(read);
    }
  });

  it('documents the attributes each element observes and the properties it accepts', () => {
    for (const [tag, d] of elements) {
      const cls = classOf(tag);
      expect(names(d.attributes), `${tag} attributes`).to.deep.equal(sorted(cls.observedAttributes));
      const reactive = [...cls.elementProperties.entries()].filter(([, o]) => !o.state).map(([k]) => String(k));
      const documented = (d.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public').map((m) => m.name);
      expect(sorted(documented), `${tag} properties`).to.deep.equal(sorted(reactive));
      const el = document.createElement(tag);
      for (const p of documented) expect(p in el, `${tag}.${p}`).to.equal(true);
    }
  });

  it('documents every event with its class, and the class is what the element fires', async () => {
    for (const [tag, d] of elements) {
      expect(names(d.events), tag).to.include('pk-error');
      for (const e of d.events ?? []) {
        expect(e.type?.text, `${tag} ${e.name} has a type`).to.be.a('string');
        const cls = (partnerkit as unknown as Record<string, { eventName?: string }>)[e.type!.text];
        expect(cls?.eventName, `${e.type!.text} is exported and fires ${e.name}`).to.equal(e.name);
      }
    }
    const fired: Event[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div @pk-error=${(e: Event) => fired.push(e)}></div>`);
    const pipeline = document.createElement('pk-pipeline') as PkPipeline;
    pipeline.apiUrl = 'http://127.0.0.1:9/api'; // nothing listens there; no session source either
    wrapper.append(pipeline);
    await waitUntil(() => fired.length > 0, 'pk-error fired');
    const declared = elements.get('pk-pipeline')!.events!.find((e) => e.name === 'pk-error')!;
    expect(fired[0]).to.be.instanceOf((partnerkit as unknown as Record<string, new (...a: never[]) => Event>)[declared.type!.text]);
  });

  it('documents exactly the static parts of every section element (what the portal re-exports)', () => {
    for (const [tag, d] of elements) {
      const parts = classOf(tag).parts;
      if (tag === 'pk-portal') continue; // its own parts are checked below, as rendered
      expect(parts, `${tag} has a static parts list`).to.be.an('array');
      expect(names(d.cssParts), tag).to.deep.equal(sorted(parts!));
    }
  });

  it("pk-pipeline: the documented parts are its static parts and all it renders (error, table, panel, board, empty)", async () => {
    const seen = new Set<string>();
    const backend = failingBackend();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = '<pk-portal><pk-pipeline></pk-pipeline></pk-portal>';
    (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
    const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[part~="error"]'), 'error state');
    partsIn(root, seen);
    backend.getMe = FakeBackend.prototype.getMe;
    el.refresh();
    await waitUntil(() => root.querySelector('[part~="row"]'), 'table');
    partsIn(root, seen);
    (root.querySelector('[part~="row"] [role="rowheader"]') as HTMLElement).click();
    await waitUntil(() => root.querySelector('[part~="panel"]'), 'deal panel');
    partsIn(root, seen);
    root.querySelector<HTMLDialogElement>('[part~="panel"]')!.close();
    backend.deals = backend.deals.map((d, i) => (i === 0 ? { ...d, status: 'lost' as const } : d));
    el.view = 'board';
    await waitUntil(() => root.querySelector('[part~="card"]') && root.querySelector('[part~="closed"]'), 'board with its closed area');
    partsIn(root, seen);
    backend.deals = [];
    el.view = 'table';
    el.refresh();
    await waitUntil(() => root.querySelector('[part~="empty"]'), 'empty');
    partsIn(root, seen);
    const documented = names(elements.get('pk-pipeline')!.cssParts);
    expect(sorted(seen), 'rendered parts').to.deep.equal(documented);
    expect(sorted(classOf('pk-pipeline').parts ?? []), 'static parts').to.deep.equal(documented);
  });

  it("pk-portal: the documented parts are all it renders and re-exports (every section, both roles, error)", async () => {
    const seen = new Set<string>();
    for (const role of ['partner_user', 'channel_manager'] as const) {
      const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeBackend(undefined, partnerMe(role))}></pk-portal>`);
      const root = portal.shadowRoot!;
      await waitUntil(() => root.querySelector('[part~="header"]') && root.querySelector('[role="tab"]'), 'default portal');
      for (const tab of [...root.querySelectorAll<HTMLElement>('[role="tab"]')]) {
        tab.click();
        await waitUntil(() => tab.getAttribute('aria-selected') === 'true' && root.querySelector('[role="tabpanel"] [exportparts]'), `section ${tab.textContent}`);
        partsIn(root, seen);
      }
    }
    const broken = await fixture<PkPortal>(html`<pk-portal .backend=${failingBackend()}></pk-portal>`);
    await waitUntil(() => broken.shadowRoot!.querySelector('[part~="error"]'), 'error state');
    partsIn(broken.shadowRoot!, seen);
    const documented = names(elements.get('pk-portal')!.cssParts);
    expect(documented.filter((p) => p.startsWith('pipeline-')).length, "the pipeline's parts are re-exported").to.equal(classOf('pk-pipeline').parts!.length);
    expect(sorted(seen)).to.deep.equal(documented);
  });
});
