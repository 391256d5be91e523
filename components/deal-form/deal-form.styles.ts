import { css } from 'lit';

export const dealFormStyles = css`
  :host {
    display: block;
    --_max-width: var(--pk-deal-form-max-width, 48rem);
  }
  form,
  .success,
  .rules,
  .form-errors {
    max-width: var(--_max-width);
  }
  h2 {
    font-size: 1.25em;
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  .intro {
    color: var(--_muted);
    margin: 0 0 calc(var(--_space) * 2);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    margin: 0 0 calc(var(--_space) * 2);
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 calc(var(--_space) * 0.5);
  }
  .field {
    display: grid;
    gap: 4px;
    margin-bottom: calc(var(--_space) * 1.5);
    min-width: 0;
  }
  label {
    font-weight: 600;
  }
  .req {
    color: var(--_danger);
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.625) var(--_space);
    width: 100%;
    min-width: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
    font-size: 0.9em;
  }
  .field-error::before {
    content: '⚠ ';
  }
  .row {
    display: grid;
    gap: 0 calc(var(--_space) * 2);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
  }
  .contact-row {
    display: grid;
    gap: 0 var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    align-items: end;
    border-bottom: 1px dashed var(--_border);
    margin-bottom: var(--_space);
  }
  .contact-row .remove {
    margin-bottom: calc(var(--_space) * 1.5);
    justify-self: start;
  }
  .locked {
    margin: 0;
    padding-inline-start: 1.25em;
    color: var(--_warning);
    font-size: 0.9em;
  }
  .conflict {
    min-height: 1.5em;
    margin: calc(var(--_space) * -0.5) 0 calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-radius: calc(var(--_radius) * 0.75);
    font-size: 0.9em;
  }
  .conflict:empty {
    padding: 0;
  }
  .conflict.none {
    color: var(--_success);
    background: color-mix(in srgb, var(--_success) 10%, var(--_surface));
  }
  .conflict.risk {
    color: var(--_warning);
    background: color-mix(in srgb, var(--_warning) 12%, var(--_surface));
  }
  .conflict.active {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 10%, var(--_surface));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
    font-weight: 600;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  .rules,
  .success {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    margin-bottom: calc(var(--_space) * 2);
    background: var(--_surface-2);
  }
  .success h3,
  .rules h3 {
    margin-top: 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) * 0.5) calc(var(--_space) * 2);
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space);
    border-radius: 999px;
    border: 1px solid currentColor;
    font-weight: 600;
  }
  .badge.approved {
    color: var(--_success);
  }
  .badge.pending {
    color: var(--_warning);
  }
  .badge.declined,
  .badge.expired {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .form-errors {
    margin-bottom: calc(var(--_space) * 2);
  }
`;
