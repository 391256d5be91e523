import { css } from 'lit';

/**
 * `<pk-content-library>`: the layout follows the element's own width (`@container`), logical
 * properties only (right to left mirrors). Cards and their placeholders share one size, so the
 * page does not move when the content arrives.
 */
export const contentLibraryStyles = css`
  :host {
    min-block-size: var(--pk-content-library-min-height, 24rem);
    --_card-min: var(--pk-content-library-card-min-width, 16rem);
    --_locked: var(--pk-content-library-locked-color, var(--_warning));
  }
  .pk-root {
    container: pk-content pk-engagement / inline-size;
  }
  .heading {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: center;
    justify-content: space-between;
    margin-block-end: calc(var(--_space) * 1.5);
    min-block-size: 2.5rem;
  }
  .tabs,
  .layout {
    display: inline-flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  [aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
  }
  .manager-bar {
    margin-block: 0 calc(var(--_space) * 1.5);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
    margin-block-end: var(--_space);
  }
  .toolbar .field {
    margin: 0;
  }
  .search {
    display: grid;
    gap: calc(var(--_space) / 2);
    flex: 1 1 16rem;
    min-inline-size: 0;
  }
  .facets {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
    align-items: end;
    gap: var(--_space) calc(var(--_space) * 1.5);
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  .facets .field {
    margin: 0;
  }
  .count {
    margin: 0 0 var(--_space);
    min-block-size: 1lh;
  }
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .items.grid {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_card-min)), 1fr));
  }
  .item-cell {
    display: flex;
    min-inline-size: 0;
  }
  .item {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
    min-inline-size: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    background: var(--_surface);
    min-block-size: 15rem;
  }
  .list .item {
    min-block-size: 8rem;
  }
  .item h3 {
    margin: 0;
  }
  /* Three whole lines of the description on a card (the dialog shows all of it). */
  .item .rich-text {
    max-block-size: calc(1.55em * 3);
    overflow: hidden;
  }
  .item .rich-text > * {
    margin-block: 0;
    font-size: inherit;
  }
  .item .actions {
    margin-block-start: auto;
    padding-block-start: var(--_space);
  }
  .item.is-locked {
    border-inline-start: 4px solid var(--_locked);
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .badge.locked {
    color: var(--_locked);
  }
  .badge.unpublished {
    color: var(--_muted);
  }
  .meta,
  .gate {
    margin: 0;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .lock-reason {
    margin: auto 0 0;
    color: var(--_locked);
    font-weight: 600;
  }
  a.button {
    display: inline-block;
    text-decoration: none;
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }
  a.button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
  }
  .placeholder .bar,
  .heading-bar {
    display: block;
    block-size: 0.9em;
    border-radius: 4px;
    background: var(--_surface-2);
  }
  .heading-bar {
    inline-size: 12rem;
    block-size: 1.4em;
  }
  .placeholder .bar.short {
    inline-size: 30%;
  }
  .placeholder .bar.half {
    inline-size: 50%;
  }
  .toolbar-placeholder {
    block-size: 9rem;
  }
  .more {
    justify-content: center;
  }
  .empty p {
    margin: 0 0 var(--_space);
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    padding: calc(var(--_space) * 2);
    inline-size: min(56rem, calc(100vw - 2 * var(--_space)));
    max-block-size: calc(100vh - 4 * var(--_space));
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-head {
    display: flex;
    gap: var(--_space);
    align-items: start;
    justify-content: space-between;
    margin-block-end: var(--_space);
  }
  .dialog-head h2:focus {
    outline: none;
  }
  .preview-frame {
    display: block;
    inline-size: 100%;
    block-size: min(70vh, 36rem);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface-2);
  }
  img.preview-frame {
    block-size: auto;
    max-block-size: min(70vh, 36rem);
    object-fit: contain;
  }
  .copy-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .copy-row input {
    flex: 1 1 14rem;
    min-inline-size: 0;
  }
  .links {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: var(--_space);
  }
  .links li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: space-between;
  }
  .row {
    align-items: start;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
    gap: 0 calc(var(--_space) * 2);
  }
  .table-scroll {
    overflow-x: auto;
  }
  .never dl {
    margin: 0;
  }
  .never dt {
    font-weight: 600;
    margin-block-start: var(--_space);
  }
  .never dd ul {
    margin: calc(var(--_space) / 2) 0 0;
    padding-inline-start: 1.25em;
  }
  .engagement .toolbar {
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .report-loading {
    min-block-size: 12rem;
  }
  @container pk-content (min-width: 640px) {
    .list .item {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      align-content: start;
      column-gap: calc(var(--_space) * 2);
    }
    .list .item > * {
      grid-column: 1;
    }
    .list .item > :is(.actions, .lock-reason) {
      grid-column: 2;
      grid-row: 1 / span 6;
      align-self: center;
      justify-content: end;
      max-inline-size: 20rem;
      margin: 0;
      padding: 0;
    }
  }
`;
