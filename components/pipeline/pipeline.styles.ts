import { css } from 'lit';

export const pipelineStyles = css`
  :host {
    display: block;
    min-height: var(--pk-pipeline-min-height, 0);
    --_row-hover: var(--pk-pipeline-row-hover, var(--_surface-2));
    --_header-bg: var(--pk-pipeline-header-background, var(--_surface-2));
  }
  /* The element's own width decides the layout (not the window's): every @container below. */
  .pk-root {
    container: pk-pipeline / inline-size;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .filter-fields {
    display: contents;
  }
  .filters label {
    display: grid;
    gap: 2px;
    font-size: 0.85em;
    color: var(--_muted);
    font-weight: 600;
  }
  /* Form controls of the filter bar and the deal panel (inside labels at 0.85em). */
  .filters input,
  .filters select,
  .panel input,
  .panel textarea,
  .panel select {
    font: inherit;
    font-size: calc(1em / 0.85);
    font-weight: 400;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.5) var(--_space);
    max-width: 100%;
    box-sizing: border-box;
  }
  .filters input,
  .filters select {
    min-width: 12em;
  }
  .filters input[type='search'] {
    min-width: 18em;
  }
  .filters-toggle {
    display: none;
  }
  .filters-toggle[aria-expanded='true'] {
    background: var(--_surface-2);
  }
  .header-row .sub {
    font-weight: 400;
  }
  .frame {
    display: grid;
    gap: var(--_space);
  }
  /* The one scrolling list: a fixed height, so loading, empty and loaded states have one size. */
  .scroller,
  .frame > .empty {
    block-size: var(--pk-pipeline-height, 36rem);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overscroll-behavior: contain;
  }
  .frame > .empty {
    display: grid;
    place-content: center;
  }
  .grid {
    /* The card layout takes over below 640 px: the table never scrolls sideways above it. */
    min-width: 40rem;
  }
  /* The first rows, shown before the virtualizer runs, then over its rows until it has rendered them. */
  .body {
    position: relative;
  }
  .first-rows {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
  }
  .grid[aria-busy='true'] .rows {
    cursor: progress;
  }
  .header-row,
  .row {
    display: flex;
    align-items: stretch;
    width: 100%;
  }
  /* Column widths depend only on the column, never on content: header and rows line up. */
  .cell {
    flex: 1 1 0;
    min-width: 0;
    text-align: start;
    padding: calc(var(--_space) * 0.75) var(--_space);
    overflow-wrap: break-word;
    box-sizing: border-box;
  }
  .c-customer,
  .c-next-step,
  .c-nextStep {
    flex-grow: 1.6;
  }
  .c-registration {
    flex-grow: 1.3;
  }
  .c-lastActivity {
    flex-grow: 0.8;
  }
  .header-row {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--_header-bg);
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
    border-bottom: 1px solid var(--_border);
  }
  .header-row .sort {
    all: unset;
    cursor: pointer;
    max-width: 100%;
    overflow-wrap: anywhere;
    display: inline-flex;
    flex-direction: column;
    position: relative;
    padding-inline-end: 1.1em;
  }
  .header-row .num .sort {
    align-items: end;
  }
  .sort .arrow {
    position: absolute;
    inset-inline-end: 0;
    top: 0;
  }
  .sort.ascending .arrow::after {
    content: '▲';
  }
  .sort.descending .arrow::after {
    content: '▼';
  }
  .row {
    /* Every row at least three lines high, placeholders too: nothing jumps as pages arrive. */
    min-height: calc(3lh + var(--_space) * 1.5 + 1px);
    box-sizing: border-box;
    /* A row's layout never reaches outside it: scrolling lays out only the rows coming in. */
    contain: layout style;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
    cursor: pointer;
  }
  .row:hover {
    background: var(--_row-hover);
  }
  .row[aria-selected='true'] {
    box-shadow: inset 3px 0 0 var(--_primary);
  }
  :host(:dir(rtl)) .row[aria-selected='true'] {
    box-shadow: inset -3px 0 0 var(--_primary);
  }
  .cell:focus-visible,
  .sort:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .c-customer {
    font-weight: 600;
  }
  .c-customer .sub {
    font-weight: 400;
  }
  /* Narrow columns wrap their text rather than overflow (no sideways scrolling above 640 px). */
  .num {
    text-align: end;
  }
  .row .cell {
    overflow-wrap: anywhere;
  }
  /* Card labels (narrow containers): the column name from data-label, hidden from assistive technology. */
  .row .cell::before {
    display: none;
    content: attr(data-label) / '';
    color: var(--_muted);
    font-size: 0.85em;
    font-weight: 400;
  }
  .protection {
    display: block;
  }
  .statusbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    min-height: 2.25em;
  }
  .statusbar .loading {
    padding: 0;
    border: 0;
    text-align: start;
  }
  .more-error {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-inline-start: auto;
  }
  .columns {
    position: relative;
  }
  .columns summary {
    cursor: pointer;
    padding: calc(var(--_space) * 0.5) var(--_space);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    list-style: none;
  }
  .columns:not([open]) fieldset {
    display: none;
  }
  .columns fieldset {
    position: absolute;
    z-index: 2;
    inset-inline-end: 0;
    margin: 4px 0 0;
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: grid;
    gap: 4px;
    min-width: 12em;
  }
  .columns label {
    display: flex;
    gap: 0.5em;
    color: var(--_text);
    font-weight: 400;
    font-size: 1em;
  }
  .export-error {
    flex: 1 1 100%;
    margin: 0;
    color: var(--_danger);
  }
  /* Narrow containers (a phone, a sidebar): filters fold, and every row becomes a labelled card. */
  @container pk-pipeline (max-width: 640px) {
    .filters {
      gap: var(--_space);
    }
    .filters .search {
      flex: 1 1 100%;
    }
    .filters input[type='search'] {
      min-width: 0;
      width: 100%;
    }
    .filters-toggle {
      display: inline-block;
    }
    .filter-fields {
      display: none;
    }
    .filters[data-open] .filter-fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 11em), 1fr));
      gap: var(--_space);
      flex: 1 1 100%;
      order: 3;
    }
    .filters select {
      min-width: 0;
      width: 100%;
    }
    .actions {
      flex: 1 1 100%;
    }
    .columns fieldset {
      position: static;
      margin-top: var(--_space);
    }
    .grid {
      min-width: 0;
    }
    .header-row {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 2px var(--_space);
      padding: calc(var(--_space) * 1.25);
      border-bottom: 1px solid var(--_border);
    }
    /* The label floats in a 7.5em start column of the cell (the cell's content has no wrapper). */
    .row .cell {
      display: flow-root;
      grid-column: 1 / -1;
      padding: 0;
      padding-inline-start: calc(7.5em + var(--_space));
      border: 0;
    }
    .row .c-customer {
      display: block;
      grid-column: 1;
      padding-inline-start: 0;
    }
    .row .c-amount {
      display: block;
      grid-column: 2;
      grid-row: 1;
      padding-inline-start: 0;
    }
    .row .cell::before {
      display: block;
      float: inline-start;
      /* 7.5em of the cell (the label's own font is 0.85em). */
      inline-size: calc(7.5em / 0.85);
      margin-inline-start: calc(-7.5em / 0.85 - var(--_space));
    }
    .row .c-customer::before,
    .row .c-amount::before {
      display: none;
    }
  }
  .sub {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .badge {
    display: inline-block;
    padding: 0 calc(var(--_space) * 0.75);
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.8em;
    font-weight: 600;
    white-space: nowrap;
  }
  .status-pending,
  .status-expired {
    color: var(--_warning);
  }
  .status-approved,
  .status-won {
    color: var(--_success);
  }
  .status-declined,
  .status-lost {
    color: var(--_danger);
  }
  .overdue,
  .conflict {
    color: var(--_danger);
  }
  .stale {
    color: var(--_warning);
  }
  .view-toggle {
    display: inline-flex;
  }
  .view-toggle button {
    border-radius: 0;
  }
  .view-toggle button:first-child {
    border-start-start-radius: calc(var(--_radius) * 0.75);
    border-end-start-radius: calc(var(--_radius) * 0.75);
  }
  .view-toggle button:last-child {
    border-start-end-radius: calc(var(--_radius) * 0.75);
    border-end-end-radius: calc(var(--_radius) * 0.75);
    margin-inline-start: -1px;
  }
  .view-toggle button[aria-pressed='true'] {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  /* Pending: placeholder rows as tall as deal rows (two text lines), and the status in the pager. */
  .bar {
    display: block;
    width: 8em;
    max-width: 100%;
    height: 1lh;
    background: linear-gradient(var(--_surface-2), var(--_surface-2)) no-repeat 0 50% / 100% 0.9em;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .bar.sub {
    height: 1lh;
  }
  .bar.short {
    width: 5em;
  }
  .num .bar {
    margin-inline-start: auto;
  }
`;
