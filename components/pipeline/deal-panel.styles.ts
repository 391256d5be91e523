import { css } from 'lit';

/** Styles of the deal panel (adopted by the element when the panel's chunk loads). */
export const panelStyles = css`
  dialog.panel {
    margin: 0;
    margin-inline-start: auto;
    inset-block: 0;
    block-size: 100dvh;
    max-block-size: 100dvh;
    inline-size: min(34rem, 100vw);
    max-inline-size: 100vw;
    box-sizing: border-box;
    padding: 0;
    border: 0;
    border-inline-start: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    display: flex;
    flex-direction: column;
  }
  dialog.panel:not([open]) {
    display: none;
  }
  dialog.panel::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  .panel header {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: var(--_space);
    padding: calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
  }
  .panel h2 {
    margin: 0;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  .panel h3 {
    margin: 0 0 var(--_space);
    font-size: 1em;
  }
  .panel-body {
    overflow: auto;
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: calc(var(--_space) * 3);
    align-content: start;
  }
  .panel section > p {
    margin: 0 0 var(--_space);
  }
  .panel label {
    display: grid;
    gap: 2px;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
  }
  .panel form {
    display: grid;
    gap: var(--_space);
  }
  .move-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
  }
  .criteria {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--_space);
    display: grid;
    gap: 2px;
  }
  .criteria .mark {
    display: inline-block;
    min-width: 5.5em;
    font-size: 0.8em;
    font-weight: 600;
  }
  .criteria .met .mark {
    color: var(--_success);
  }
  .criteria .missing .mark {
    color: var(--_danger);
  }
  .refused {
    color: var(--_danger);
    margin: var(--_space) 0;
  }
  .refused ul {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
  .notice {
    border: 1px solid var(--_warning);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .notice p {
    margin: 0;
  }
  .confirmations {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .facts {
    display: grid;
    grid-template-columns: minmax(7em, max-content) minmax(0, 1fr);
    gap: 4px var(--_space);
    margin: 0;
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .facts.vendor {
    margin-top: var(--_space);
    padding-top: var(--_space);
    border-top: 1px dashed var(--_border);
  }
  .contact {
    display: block;
  }
  .history {
    margin: 0;
    padding-inline-start: 1.2em;
    display: grid;
    gap: var(--_space);
  }
  .history li > span {
    display: block;
  }
  .buttons {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
`;
