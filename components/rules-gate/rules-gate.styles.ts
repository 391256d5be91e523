import { css } from 'lit';

export const rulesGateStyles = css`
  :host {
    display: block;
  }
  .notice {
    border-inline-start: 4px solid var(--pk-rules-gate-accent, var(--_warning));
    background: var(--_surface-2);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: calc(var(--_radius) / 2);
    margin: 0 0 calc(var(--_space) * 1.5);
  }
  [hidden] {
    display: none !important;
  }
`;
