import { ContextRoot } from '@lit/context';
import { loader } from './lazy.js';
import { nextTask } from './next-task.js';

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
 *
 * Under the script-tag loader the tag is registered in the next task: the task that evaluated the
 * element's chunk (and the core's, when both arrive together) would otherwise also upgrade the
 * element and render it, one long task on a slow phone. Still undefined until then, the element
 * keeps the space the loader (or the host page) holds with `:not(:defined)`; the loader waits for
 * the definition (`customElements.whenDefined`).
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  ensureContextRoot();
  if (loader()) void nextTask().then(() => register(tag, ctor));
  else register(tag, ctor);
}

function register(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) console.warn(`[partnerkit] <${tag}> is already defined (two copies of Partnerkit on this page?); keeping the first.`);
    return;
  }
  customElements.define(tag, ctor);
}
