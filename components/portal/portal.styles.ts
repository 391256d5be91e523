import { css } from 'lit';
import { darkTokens } from '../../src/styles/tokens.js';

export const portalStyles = css`
  :host {
    display: block;
    min-height: var(--pk-portal-min-height, 0);
  }
  :host([theme='dark']) {
    ${darkTokens}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTokens}
      color-scheme: dark;
    }
    :host([theme='auto']) .pk-root {
      --pk-sys-color-on-primary: initial;
    }
  }
  /*
   * In the dark theme, text on the primary is always computed for contrast (black or white):
   * a vendor's on-primary set on the portal or further out was paired with their light theme's
   * primary (a dark brand colour with white text), and is unreadable on the light primary a dark
   * theme wants. Set here, inside the shadow tree, it beats the page's pk-portal rules and reaches
   * slotted elements too (they inherit through the slot); an on-primary set on an element
   * itself (pk-pipeline { … }) still wins.
   */
  :host([theme='dark']) .pk-root {
    --pk-sys-color-on-primary: initial;
  }
  /* A painted theme (dark, or auto) gets a surface with room around its content, never edge to edge. */
  :host([theme='dark']),
  :host([theme='auto']) {
    --_portal-padding: calc(var(--_space) * 2);
  }
  :host([theme='dark']) .pk-root,
  :host([theme='auto']) .pk-root {
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  .pk-root {
    padding: var(--pk-portal-padding, var(--_portal-padding, 0));
  }
  .shell {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  header,
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    border-bottom: 1px solid var(--_border);
    padding-bottom: var(--_space);
  }
  .who {
    color: var(--_muted);
  }
  .who strong {
    color: var(--_text);
  }
  /* A section whose code the script-tag loader is still fetching holds the space it will fill. */
  #panel > :not(:defined) {
    display: block;
    min-height: var(--pk-portal-min-height, 100vh);
  }
  /* Placeholders while the user loads: the same line heights as the header text and a tab. */
  .tabs .tab {
    display: inline-block;
    padding: calc(var(--_space) * 0.75) 0;
    border: 1px solid transparent;
  }
  /* One row that scrolls sideways on a narrow screen, rather than wrapping: a badge that arrives
     after the first row (unread announcements) never adds a line and pushes the section down. */
  nav {
    min-width: 0; /* a grid item: without it the row of tabs would widen the whole portal */
  }
  nav [role='tablist'] {
    display: flex;
    gap: calc(var(--_space) / 2);
    overflow-x: auto;
    scrollbar-width: thin;
  }
  [role='tab'] {
    flex: none;
    white-space: nowrap;
    border: 1px solid transparent;
    background: transparent;
    color: var(--_text);
  }
  [role='tab'][aria-selected='true'] {
    background: var(--_surface-2);
    border-color: var(--_border);
    font-weight: 600;
  }
  .badge {
    display: inline-block;
    margin-inline-start: calc(var(--_space) / 2);
    padding: 0 calc(var(--_space) * 0.75);
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    background: var(--pk-portal-badge-background, var(--_primary));
    color: var(--pk-portal-badge-color, var(--_on-primary));
  }
`;
