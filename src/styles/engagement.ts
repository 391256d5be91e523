import { css } from 'lit';

/**
 * Shared by `<pk-rules>` and `<pk-announcements>` (headings, cards and fields also by `<pk-insights>`): sanitized rich text, Markdown editors with a
 * preview, receipt reports. Layout follows the element's own width (`@container`), logical
 * properties only (right to left mirrors).
 */
export const engagementStyles = css`
  :host {
    display: block;
  }
  .pk-root {
    container: pk-engagement / inline-size;
  }
  h2 {
    font-size: 1.25em;
    margin: 0;
    overflow-wrap: anywhere;
  }
  h3 {
    font-size: 1.05em;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .muted {
    color: var(--_muted);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    background: var(--_surface);
    margin-block-end: calc(var(--_space) * 2);
    min-inline-size: 0;
  }
  .rich-text {
    line-height: 1.55;
    overflow-wrap: anywhere;
    max-inline-size: 75ch;
  }
  .rich-text :is(h1, h2, h3, h4, h5, h6) {
    font-size: 1.05em;
    margin: 1em 0 0.4em;
  }
  .rich-text h1 {
    font-size: 1.2em;
  }
  .rich-text :is(ul, ol) {
    padding-inline-start: 1.5em;
  }
  .rich-text a {
    color: var(--_primary);
  }
  .rich-text :is(pre, code) {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    background: var(--_surface-2);
    border-radius: calc(var(--_radius) / 2);
  }
  .rich-text pre {
    padding: var(--_space);
    overflow-x: auto;
  }
  .rich-text table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
  }
  .rich-text :is(th, td) {
    border: 1px solid var(--_border);
    padding: calc(var(--_space) / 2) var(--_space);
    text-align: start;
  }
  .rich-text blockquote {
    margin-inline: 0;
    padding-inline-start: var(--_space);
    border-inline-start: 3px solid var(--_border);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-block-start: calc(var(--_space) * 1.5);
  }
  .receipt {
    color: var(--_success);
    font-weight: 600;
    margin: 0;
  }
  .badge {
    display: inline-block;
    font-size: 0.8em;
    font-weight: 600;
    padding: 0 calc(var(--_space) * 0.75);
    border-radius: 999px;
    border: 1px solid currentColor;
    margin-inline-end: calc(var(--_space) / 2);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-block-end: calc(var(--_space) * 1.5);
    min-inline-size: 0;
  }
  label,
  legend {
    font-weight: 600;
  }
  input[type='text'],
  input[type='date'],
  input[type='search'],
  input[type='url'],
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.75);
    inline-size: 100%;
    box-sizing: border-box;
  }
  input[type='date'] {
    inline-size: auto;
    max-inline-size: 100%;
  }
  textarea {
    min-block-size: 12em;
    resize: vertical;
  }
  textarea.short {
    min-block-size: 4em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    margin: 0;
  }
  .hint {
    color: var(--_muted);
    margin: 0;
    font-size: 0.9em;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    margin: 0 0 calc(var(--_space) * 1.5);
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
  }
  fieldset legend {
    padding-inline: calc(var(--_space) / 2);
  }
  .check {
    display: inline-flex;
    gap: calc(var(--_space) / 2);
    align-items: center;
    font-weight: 400;
  }
  .editor {
    display: grid;
    grid-template-columns: 1fr;
    gap: calc(var(--_space) * 2);
  }
  .preview {
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: var(--_space) calc(var(--_space) * 1.5);
    min-inline-size: 0;
  }
  .preview > h3 {
    margin: 0 0 var(--_space);
    font-size: 0.95em;
    color: var(--_muted);
  }
  @container pk-engagement (min-width: 760px) {
    .editor {
      grid-template-columns: 1fr 1fr;
    }
  }
  details > summary {
    cursor: pointer;
    padding: calc(var(--_space) / 2) 0;
  }
  .report-table {
    inline-size: 100%;
    border-collapse: collapse;
    margin-block: var(--_space);
  }
  .report-table caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: calc(var(--_space) / 2);
  }
  .report-table :is(th, td) {
    text-align: start;
    padding: calc(var(--_space) / 2) var(--_space);
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  @container pk-engagement (max-width: 479px) {
    .report-table thead {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .report-table tr {
      display: grid;
      padding-block: calc(var(--_space) / 2);
      border-block-end: 1px solid var(--_border);
    }
    .report-table :is(th, td) {
      display: block;
      border: 0;
      padding: 0;
    }
  }
  .status-line {
    min-block-size: 1lh;
  }
`;
