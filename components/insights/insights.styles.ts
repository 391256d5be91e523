import { css } from 'lit';

/**
 * `<pk-insights>` (over the shared `engagementStyles`: headings, cards, fields): tiles and charts follow the element's own width (`@container`), logical
 * properties only (right to left mirrors, bars grow from the start edge).
 */
export const insightsStyles = css`
  :host {
    display: block;
    --_sourced: var(--pk-insights-sourced-color, var(--_primary));
    --_influenced: var(--pk-insights-influenced-color, color-mix(in srgb, var(--_primary) 35%, var(--_surface)));
  }
  .pk-root {
    container: pk-insights / inline-size;
  }
  h4 {
    font-size: 0.95em;
    margin: 0;
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .head {
    margin-block-end: var(--_space);
    min-block-size: 1.9em;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .card {
    margin-block-end: 0;
  }
  .filters .field {
    margin-block-end: 0;
  }
  .field label {
    font-size: 0.9em;
  }
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.6) var(--_space);
    max-inline-size: 100%;
  }
  .field-error {
    flex-basis: 100%;
  }
  .scope {
    margin-block-end: calc(var(--_space) / 2);
  }
  .note {
    margin-block-end: calc(var(--_space) * 1.5);
    font-size: 0.9em;
  }
  .content[aria-busy='true'] {
    opacity: 0.6;
  }
  .tiles {
    list-style: none;
    margin: 0 0 calc(var(--_space) * 2);
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
    gap: var(--_space);
  }
  .tile {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    min-block-size: 7.5rem;
    padding: calc(var(--_space) * 1.5);
  }
  .tile-label {
    color: var(--_muted);
    font-weight: 600;
  }
  .hint {
    font-size: 0.85em;
  }
  .lines {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .lines li {
    display: grid;
  }
  button.figure {
    background: none;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    padding: 0;
    color: var(--_text);
    text-align: start;
    text-decoration: underline dotted from-font;
    text-underline-offset: 0.2em;
  }
  button.figure:hover {
    color: var(--_primary);
    text-decoration-style: solid;
  }
  .value {
    font-size: 1.45em;
    font-weight: 700;
    line-height: 1.2;
    overflow-wrap: anywhere;
  }
  .value.none {
    color: var(--_muted);
    font-size: 1.1em;
  }
  .change {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .change.good,
  .good {
    color: var(--_success);
  }
  .change.bad,
  .bad {
    color: var(--_danger);
  }
  .vs {
    display: block;
    color: var(--_muted);
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: calc(var(--_space) * 1.5);
    margin-block-end: calc(var(--_space) * 2);
  }
  [part~='compare'] {
    margin-block-end: calc(var(--_space) * 2);
  }
  .chart {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    align-content: start;
    min-block-size: 14rem;
  }
  .chart-head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: space-between;
    align-items: center;
    margin-block-end: var(--_space);
  }
  .toggle,
  .segmented button {
    padding: calc(var(--_space) * 0.4) var(--_space);
    font-size: 0.875em;
  }
  [aria-pressed='true'] {
    background: var(--_surface-2);
    border-color: var(--_text);
    font-weight: 600;
  }
  .segmented {
    display: flex;
    gap: calc(var(--_space) / 2);
  }
  .legend {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    font-size: 0.875em;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .bars {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .bar-group {
    display: grid;
    gap: 2px;
  }
  .bar-label {
    font-size: 0.9em;
    font-weight: 600;
  }
  .bar-line {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(4.5em, auto);
    gap: var(--_space);
    align-items: center;
  }
  .bar-line .figure {
    font-variant-numeric: tabular-nums;
    font-size: 0.9em;
  }
  svg.bar {
    display: block;
  }
  :host(:dir(rtl)) svg.bar,
  :host(:dir(rtl)) .trend-svg {
    transform: scaleX(-1);
  }
  .s0 {
    fill: var(--_sourced);
  }
  .s1 {
    stroke: var(--_sourced);
    stroke-width: 1;
  }
  .hatch-bg {
    fill: var(--_influenced);
  }
  .hatch-line {
    fill: var(--_sourced);
  }
  .track {
    fill: var(--_surface-2);
    stroke: var(--_border);
  }
  .sla-meter {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-block-end: var(--_space);
  }
  .sla-figure {
    font-size: 1.45em;
  }
  .trend {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) / 2);
  }
  .scale {
    font-size: 0.75em;
    margin-block-end: -0.4em;
  }
  .trend-svg {
    display: block;
    overflow: visible;
  }
  .trend-svg .grid {
    stroke: var(--_border);
    stroke-dasharray: 2 3;
  }
  .trend-svg .axis {
    stroke: var(--_muted);
  }
  .months {
    display: flex;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .months span {
    flex: 1 1 0;
    min-inline-size: 0;
    text-align: center;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: clip;
  }
  @container pk-insights (max-width: 40rem) {
    .months span:nth-child(even) {
      visibility: hidden;
    }
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    padding-block-end: calc(var(--_space) / 2);
    font-size: 0.9em;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) / 2) var(--_space);
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  thead th {
    background: var(--_surface-2);
  }
  /* Figures stay on one line: the table scrolls inside its box rather than growing tall. */
  [part~='breakdown-table'] td {
    white-space: nowrap;
  }
  [part~='breakdown-table'] tbody th {
    min-inline-size: 9rem;
  }
  button.sort,
  button.link {
    background: none;
    border: 0;
    padding: 0;
    font-weight: 600;
    text-align: start;
  }
  button.link {
    color: var(--_primary);
    text-decoration: underline;
  }
  .empty {
    text-align: start;
  }
  .empty h3 {
    margin-block-end: calc(var(--_space) / 2);
    color: var(--_text);
  }
  .skeleton {
    min-block-size: var(--pk-insights-min-height, 40rem);
  }
  .bone,
  .bone-tile,
  .bone-chart {
    background: var(--_surface-2);
    border-radius: var(--_radius);
  }
  .bone.title {
    inline-size: 8rem;
    block-size: 1.6em;
  }
  .filters-bone {
    block-size: 3.6rem;
    margin-block-end: calc(var(--_space) * 1.5);
    max-inline-size: 36rem;
  }
  .bone.line {
    block-size: 2.6em;
    margin-block-end: calc(var(--_space) * 1.5);
    max-inline-size: 24rem;
  }
  .bone-chart {
    min-block-size: 18rem;
  }
  @media (prefers-reduced-motion: no-preference) {
    .bone,
    .bone-tile,
    .bone-chart {
      animation: pulse 1.4s ease-in-out infinite;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.55;
    }
  }
`;
