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
  .filters input,
  .filters select {
    font: inherit;
    font-size: calc(1em / 0.85);
    font-weight: 400;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.5) var(--_space);
    min-width: 12em;
    max-width: 100%;
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
  th .sub {
    font-weight: 400;
  }
  .frame {
    display: grid;
    gap: var(--_space);
  }
  .scroller {
    overflow-x: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .scroller[aria-busy='true'] table {
    opacity: 0.6;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    padding: var(--_space) calc(var(--_space) * 1.5);
    font-weight: 600;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    border-top: 1px solid var(--_border);
    overflow-wrap: break-word;
  }
  thead th {
    background: var(--_header-bg);
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
  }
  tbody tr:hover {
    background: var(--_row-hover);
  }
  tbody th {
    font-weight: 600;
  }
  td.c-next {
    min-width: 12em;
  }
  .c-activity,
  .c-owner .value {
    white-space: nowrap;
  }
  .num {
    text-align: end;
    white-space: nowrap;
  }
  .cell-label,
  .fold {
    display: none;
    color: var(--_muted);
    font-size: 0.85em;
    font-weight: 400;
  }
  .protection {
    display: block;
  }
  /* Medium containers: the owner and last-activity columns fold into the customer and amount cells. */
  @container pk-pipeline (max-width: 1040px) {
    .c-owner,
    .c-activity {
      display: none;
    }
    .fold {
      display: block;
    }
    th,
    td {
      padding-inline: var(--_space);
    }
  }
  /*
   * Narrow containers (a phone, a sidebar): every row becomes a card; labels come from .cell-label.
   * The table keeps its semantics (Chromium and Firefox keep table roles under display changes)
   * and its header row stays for assistive technology, visually hidden.
   */
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
    .scroller:has(table) {
      border: 0;
      background: transparent;
    }
    table,
    tbody {
      display: block;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    tbody {
      display: grid;
      gap: var(--_space);
    }
    tbody tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 2px var(--_space);
      padding: calc(var(--_space) * 1.25);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    tbody th,
    tbody td {
      display: grid;
      grid-template-columns: 7.5em minmax(0, 1fr);
      gap: var(--_space);
      grid-column: 1 / -1;
      padding: 0;
      border: 0;
    }
    tbody th.c-customer {
      display: block;
      grid-column: 1;
    }
    tbody td.c-amount {
      display: block;
      grid-column: 2;
      grid-row: 1;
      margin-bottom: calc(var(--_space) * 0.5);
    }
    tbody .c-owner,
    tbody .c-activity {
      display: grid;
    }
    tbody .fold {
      display: none;
    }
    thead .c-owner,
    thead .c-activity {
      display: table-cell;
    }
    tbody .cell-label {
      display: block;
      padding-top: 0.1em;
    }
    tbody .c-amount .cell-label {
      display: none;
    }
    td.c-next {
      min-width: 0;
    }
  }
  /* Very narrow cards: the amount goes under the customer instead of beside it. */
  @container pk-pipeline (max-width: 400px) {
    tbody th.c-customer,
    tbody td.c-amount {
      grid-column: 1 / -1;
    }
    tbody td.c-amount {
      grid-row: auto;
      text-align: start;
      display: grid;
      grid-template-columns: 7.5em minmax(0, 1fr);
      gap: var(--_space);
      margin: 0;
    }
    tbody .c-amount .cell-label {
      display: block;
    }
    .c-owner .value {
      white-space: normal;
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
    margin-inline-start: auto;
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
  .board {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding: var(--_space);
  }
  .board h3 {
    margin: 0 0 var(--_space);
    font-size: 1em;
  }
  .lanes {
    display: grid;
    /* Five lanes side by side when they fit, else they wrap; one per row on a phone. */
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 10.5rem), 1fr));
    gap: var(--_space);
  }
  .lane {
    background: var(--_surface-2);
    border-radius: var(--_radius);
    padding: var(--_space);
    min-width: 0;
  }
  .lane h4 {
    margin: 0 0 var(--_space);
    font-size: 0.85em;
    color: var(--_muted);
    display: flex;
    justify-content: space-between;
  }
  .lane ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: var(--_space);
    display: grid;
    gap: 2px;
    min-width: 0;
    overflow-wrap: break-word;
  }
  /* Domains wrap after a dot (<wbr>); inside a label only when that label alone is wider than the card. */
  .card .domain {
    overflow-wrap: anywhere;
  }
  .card-line {
    font-size: 0.9em;
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
  tr.skeleton:hover {
    background: none;
  }
  .pager .loading {
    padding: 0;
    border: 0;
    text-align: start;
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  .pager .buttons {
    display: flex;
    gap: var(--_space);
  }
  /* Pager arrows point the way the page turns: mirrored right to left. */
  .pager .previous::before {
    content: '←' / '';
    margin-inline-end: 0.4em;
  }
  .pager .next::after {
    content: '→' / '';
    margin-inline-start: 0.4em;
  }
  :host(:dir(rtl)) .pager .previous::before {
    content: '→' / '';
  }
  :host(:dir(rtl)) .pager .next::after {
    content: '←' / '';
  }
`;
