// Completes the Custom Elements Manifest the analyzer writes (dist/custom-elements.json) with
// what it cannot see on its own, each from its single source in the code:
// - inherited documentation: an element gets its base classes' CSS properties (the `--pk-sys-*`
//   tokens every element reads, documented once on PkElement), parts (the error state) and events;
// - the default portal's re-exported parts: `<section id>-<part>` for each section element of
//   SECTIONS in components/portal/portal.ts (what PkPortal sets as `exportparts` at run time);
// - event types: each event's class (`static readonly eventName`) and its `detail` type.
// test/components/manifest.test.ts checks the result against what the elements really render,
// style and accept.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Own entries first (they win), then inherited ones not already present. */
function mergeByName(own = [], inherited = []) {
  const names = new Set(own.map((x) => x.name));
  return [...own, ...inherited.filter((x) => !names.has(x.name))];
}

function sources(dirs) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
    }
  };
  dirs.forEach(walk);
  return files;
}

/** Event classes in the sources: event name → { className, module, detail type }. */
export function eventClasses(dirs = ['src', 'components']) {
  const found = new Map();
  for (const file of sources(dirs)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export class (\w+) extends (?:\w*Event)(?:<[^>{]*>)?\s*\{([\s\S]*?)\n\}/g)) {
      const name = /static readonly eventName = '([\w-]+)'/.exec(m[2])?.[1];
      if (!name) continue;
      const detail = /readonly detail: ([^;]+);/.exec(m[2])?.[1]?.trim();
      found.set(name, { className: m[1], module: file.replace(/\\/g, '/'), detail });
    }
  }
  return found;
}

/** `[{ id, tag }]` of the default portal's sections, read from SECTIONS in portal.ts. */
export function portalSections(file = 'components/portal/portal.ts') {
  const text = readFileSync(file, 'utf8');
  const block = /const SECTIONS[^=]*=\s*\[([\s\S]*?)\n\];/.exec(text)?.[1] ?? '';
  return [...block.matchAll(/\{\s*id:\s*'([\w-]+)'[^}]*?tag:\s*'(pk-[\w-]+)'/g)].map((m) => ({ id: m[1], tag: m[2] }));
}

export function completeManifest(manifest) {
  const decls = new Map();
  for (const mod of manifest.modules) for (const d of mod.declarations ?? []) if (d.kind === 'class') decls.set(`${mod.path}#${d.name}`, d);
  const superOf = (d) => (d.superclass?.module ? decls.get(`${d.superclass.module.replace(/^\//, '')}#${d.superclass.name}`) : undefined);

  const classes = eventClasses();
  const eventNameOf = new Map([...classes].map(([name, c]) => [c.className, name]));
  for (const d of decls.values()) {
    // The analyzer records `dispatchEvent(new PkErrorEvent(…))` as an event without a name, or
    // named after the constructor's argument (`body`): keep only names the event class fires.
    if (d.events) {
      d.events = d.events.filter((e) => {
        const fired = e.type?.text ? eventNameOf.get(e.type.text) : undefined;
        return e.name && (fired === undefined || fired === e.name);
      });
    }
    // It also gives Lit's internal `{ state: true }` properties an attribute: they have none.
    const hidden = new Set((d.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
    if (d.attributes) d.attributes = d.attributes.filter((a) => !hidden.has(a.fieldName));
  }
  const elements = [...decls.values()].filter((d) => d.customElement && d.tagName);
  for (const d of elements) {
    for (let base = superOf(d); base; base = superOf(base)) {
      d.cssProperties = mergeByName(d.cssProperties, base.cssProperties);
      d.cssParts = mergeByName(d.cssParts, base.cssParts);
      d.events = mergeByName(d.events, base.events);
    }
  }

  const tags = new Map(elements.map((d) => [d.tagName, d]));
  const portal = tags.get('pk-portal');
  if (portal) {
    const exported = [];
    for (const { id, tag } of portalSections()) {
      for (const part of tags.get(tag)?.cssParts ?? []) {
        exported.push({ name: `${id}-${part.name}`, description: `The default portal's \`<${tag}>\` part \`${part.name}\`: ${part.description ?? ''}`.trim() });
      }
    }
    portal.cssParts = mergeByName(portal.cssParts?.filter((p) => !exported.some((e) => e.name === p.name)), exported);
  }

  for (const d of elements) {
    for (const e of d.events ?? []) {
      const cls = classes.get(e.name);
      if (!cls) continue;
      e.type = { text: cls.className, references: [{ name: cls.className, module: cls.module }] };
      if (cls.detail) {
        e.detail = { text: cls.detail }; // not in the schema (yet): tools ignore it, people read it
        if (!e.description?.includes(cls.detail)) e.description = `${e.description ?? ''} Detail: \`${cls.detail}\`.`.trim();
      }
    }
  }
  for (const d of elements) {
    for (const key of ['cssProperties', 'cssParts', 'events']) if (d[key]?.length === 0) delete d[key];
  }
  return manifest;
}
