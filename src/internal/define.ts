import { ContextRoot } from '@lit/context';

const ROOT_FLAG = Symbol.for('partnerkit.context-root');

/**
 * Lets elements that upgrade before their `<pk-portal>` (any definition order, lazy loading)
 * still receive its context: the root replays their requests once a provider appears.
 */
function ensureContextRoot(): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (g[ROOT_FLAG] || typeof document === 'undefined') return;
  g[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * Registers a tag. A second registration (two copies of Partnerkit on one page) warns instead
 * of throwing, and the first definition stays.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  ensureContextRoot();
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) console.warn(`[partnerkit] <${tag}> is already defined (two copies of Partnerkit on this page?); keeping the first.`);
    return;
  }
  customElements.define(tag, ctor);
}
