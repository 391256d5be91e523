import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';

/**
 * The table's virtualizer (@lit-labs/virtualizer, some 8 KB gzip): its own chunk, fetched and
 * started once the first rows are on screen (table.ts renders those without it).
 */

/**
 * Pixels of rows kept rendered beyond each edge of the viewport. The virtualizer's default
 * (1,000 px, some 13 rows each side) tripled the rows in the DOM and the work per scroll frame;
 * a couple of rows each side is enough for the keyboard (a focused row is rendered first).
 */
const OVERHANG = 240;

/** The virtualizer's flow layout with a smaller overhang. */
class RowLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    this._overhang = OVERHANG;
  }
}
export const ROW_LAYOUT = { type: RowLayout };
