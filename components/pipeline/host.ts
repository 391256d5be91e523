import type { CSSResult } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import type { Stage } from '../../src/contract/motions.js';
import type { Deal } from '../../src/contract/schemas.js';
import type { Words } from './cells.js';
import type { WriteResult } from './deal-writes.js';
import type { DealPatchInput } from '../../src/contract/pipeline.js';

/**
 * What the lazily loaded parts of `<pk-pipeline>` (board, deal panel) get from the element: its
 * words, its backend calls (failures announced as `pk-error`), and the shared deal actions.
 */
export interface PipelineHost extends Words {
  requestUpdate(): void;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The backend, or null while there is none (a configuration error is shown elsewhere). */
  backend(): PartnerBackend | null;
  /** A backend call whose failure is announced as `pk-error` and rethrown as PkApiError. */
  call<T>(fn: (backend: PartnerBackend) => Promise<T>): Promise<T>;
  /** Whether the user is the vendor's channel manager (vendor fields and the partner column). */
  readonly isManager: boolean;
  /** Opens the deal panel; `returnFocus` is called when it closes. */
  openDeal(deal: Deal, returnFocus: () => void): void;
  /** An optimistic edit or stage move of a deal (rolled back when refused). */
  writeDeal(deal: Deal, patch: Omit<DealPatchInput, 'version'>): Promise<WriteResult>;
  /** The element's standard error state (said once per session when signed out). */
  renderError(error: unknown, retry: () => void, what: string): unknown;
  /**
   * Where the deal panel keeps what the user typed for a deal (src/drafts/draft-store.ts: per
   * backend, partner and user, wiped by `signOut()`); null until the user is known.
   */
  draftKey(dealId: string): string | null;
  /** Shorthand of writeDeal for a stage move. */
  moveDeal(deal: Deal, stage: Stage): Promise<WriteResult>;
}

/** Adds a lazily loaded chunk's stylesheet to the element's shadow root (once). */
export function adoptStyles(host: PipelineHost, styles: CSSResult): void {
  const shadow = (host.renderRoot as Node).getRootNode?.() as ShadowRoot | undefined;
  const sheet = styles.styleSheet;
  if (sheet && shadow && 'adoptedStyleSheets' in shadow && !shadow.adoptedStyleSheets.includes(sheet)) {
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  }
}
