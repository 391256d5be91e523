import { css } from 'lit';

/** Styles of the board view (adopted by the element when the board's chunk loads). */
export const boardStyles = css`
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
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
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
  .lane-body {
    max-block-size: var(--pk-pipeline-height, 36rem);
    overflow: auto;
  }
  .lane h4 {
    flex-wrap: wrap;
  }
  .lane .amounts {
    flex: 1 1 100%;
    font-weight: 400;
  }
  .card .open {
    all: unset;
    cursor: pointer;
    font-weight: 600;
  }
  .card .open:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .card[draggable='true'] {
    cursor: grab;
  }
  .card .move {
    display: block;
    min-width: 0;
  }
  .card .move select {
    font: inherit;
    font-size: 0.85em;
    width: 100%;
    min-width: 0;
    box-sizing: border-box;
  }
  .refused,
  .lane-error {
    color: var(--_danger);
    font-size: 0.85em;
  }
  .refused ul {
    margin: 2px 0 0;
    padding-inline-start: 1.2em;
  }
  .closed-area .lane {
    opacity: 0.9;
  }
  .lane-end .bar {
    width: 100%;
  }
`;
