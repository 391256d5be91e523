import { css } from 'lit';

export const rulesStyles = css`
  .head {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .eyebrow {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }
  .changes {
    border-inline-start: 4px solid var(--pk-rules-changes-color, var(--_warning));
    background: var(--_surface-2);
  }
  .changes ul {
    margin: var(--_space) 0;
    padding-inline-start: 1.25em;
  }
  .diff {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
    max-block-size: 24em;
    overflow: auto;
    margin: var(--_space) 0 0;
  }
  .diff ins {
    background: var(--pk-rules-insert-background, color-mix(in srgb, var(--_success) 18%, transparent));
    text-decoration: underline;
  }
  .diff del {
    background: var(--pk-rules-delete-background, color-mix(in srgb, var(--_danger) 14%, transparent));
    text-decoration: line-through;
  }
  .versions {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .versions > li {
    border-block-end: 1px solid var(--_border);
    padding-block-end: var(--_space);
  }
`;
