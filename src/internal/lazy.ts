/**
 * The bridge between the script-tag loader (`dist/partnerkit.js`, src/cdn/loader.ts) and the
 * elements it loads. The loader is a separate, tiny module: it publishes itself on a global
 * symbol so that the core (loaded later, in its own chunk) can
 * - tell which tags can be loaded on demand (the default portal shows a section for each), and
 * - hand it the shadow roots elements create, so a tag rendered inside one is loaded too.
 * With the npm modules or the single-file bundle there is no loader, and nothing here does anything.
 */
export interface PartnerkitLoader {
  /** Tags the loader can load. */
  readonly tags: ReadonlySet<string>;
  /** Loads a tag's code (once); resolves when it is defined. */
  load(tag: string): Promise<void>;
  /** Loads every `pk-*` tag in `root` now and whenever one is added to it. */
  observe(root: Document | ShadowRoot): void;
}

export const LOADER_KEY = Symbol.for('partnerkit.loader');

export function loader(): PartnerkitLoader | undefined {
  return (globalThis as unknown as Record<symbol, PartnerkitLoader | undefined>)[LOADER_KEY];
}

/** True when `tag` is defined, or the script-tag loader can load it. */
export function isAvailable(tag: string): boolean {
  return !!customElements.get(tag) || !!loader()?.tags.has(tag);
}
