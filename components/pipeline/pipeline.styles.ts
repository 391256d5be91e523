import { css } from 'lit';

export const pipelineStyles = css`
  :host {
    display: block;
    --_row-hover: var(--pk-pipeline-row-hover, var(--_surface-2));
    --_header-bg: var(--pk-pipeline-header-background, var(--_surface-2));
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
    margin-bottom: calc(var(--_space) * 1.5);
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
  }
  .filters input[type='search'] {
    min-width: 18em;
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
    min-width: 960px;
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
  }
  thead th {
    background: var(--_header-bg);
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
    white-space: nowrap;
  }
  tbody tr:hover {
    background: var(--_row-hover);
  }
  td.next {
    min-width: 16em;
  }
  .nowrap {
    white-space: nowrap;
  }
  .num {
    text-align: end;
    white-space: nowrap;
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
    grid-template-columns: repeat(5, minmax(180px, 1fr));
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
    overflow-wrap: anywhere;
  }
  .card-line {
    font-size: 0.9em;
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
