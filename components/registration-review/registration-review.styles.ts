import { css } from 'lit';

export const registrationReviewStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: baseline;
  }
  h2 {
    font-size: 1.25em;
    margin: 0;
  }
  .muted {
    color: var(--_muted);
    font-weight: 400;
  }
  .queue {
    list-style: none;
    padding: 0;
    margin: calc(var(--_space) * 2) 0 0;
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .queue > li {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    background: var(--_surface);
  }
  .queue > li.overdue {
    border-left: 4px solid var(--_danger);
  }
  h3 {
    margin: 0;
    font-size: 1.05em;
  }
  .due {
    margin: 4px 0 0;
  }
  .overdue-badge,
  .overdue-text {
    color: var(--_danger);
  }
  .sides {
    display: grid;
    gap: calc(var(--_space) * 2);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    margin: calc(var(--_space) * 1.5) 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px calc(var(--_space) * 1.5);
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9em;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 4px;
  }
  th,
  td {
    text-align: start;
    padding: 4px 6px;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  .decide {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: start;
  }
  .field {
    display: grid;
    gap: 4px;
  }
  .field.grow {
    flex: 1 1 16rem;
  }
  label {
    font-weight: 600;
  }
  input,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.5) var(--_space);
    width: 100%;
  }
  input[type='number'] {
    max-width: 8rem;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .field-error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }
  .buttons {
    display: flex;
    gap: var(--_space);
    align-self: center;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .description {
    white-space: pre-line;
  }
`;
