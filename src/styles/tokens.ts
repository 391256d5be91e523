import { css } from 'lit';

/**
 * System tokens (`--pk-sys-*`). Components read them through private `--_*` properties with
 * these fallbacks, so a vendor can set any token on any ancestor (or on `:root`).
 * Dark values apply under `<pk-portal theme="dark">` (or `auto` with a dark OS preference).
 */
export const hostStyles = css`
  :host {
    box-sizing: border-box;

    --_primary: var(--pk-sys-color-primary, #2f5bd3);
    /* Text on primary: the vendor's pair, else black or white, whichever reads on their primary. */
    --_on-primary: var(--pk-sys-color-on-primary, oklch(from var(--_primary) clamp(0, (0.6 - l) * 1000, 1) 0 0));
    --_surface: var(--pk-sys-color-surface, #ffffff);
    --_surface-2: var(--pk-sys-color-surface-variant, #f3f5f9);
    --_text: var(--pk-sys-color-text, #1c2430);
    --_muted: var(--pk-sys-color-text-muted, #556070);
    --_border: var(--pk-sys-color-border, #d5dbe5);
    --_danger: var(--pk-sys-color-danger, #b3261e);
    --_warning: var(--pk-sys-color-warning, #8a5a00);
    --_success: var(--pk-sys-color-success, #1e7a3c);
    --_focus: var(--pk-sys-color-focus, #2f5bd3);
    --_radius: var(--pk-sys-radius, 8px);
    --_space: var(--pk-sys-space, 8px);
  }
  /*
   * The reset. PkElement renders everything into this wrapper (see createRenderRoot): host-page
   * rules that match the host element itself win over any :host rule, even without !important,
   * but nothing outside the shadow tree can match the wrapper. 'all: initial' resets every
   * inherited property (text-transform, letter-spacing, colour, -webkit-text-fill-color,
   * white-space, text-align, …) to its initial value; then what should come from the page does:
   * the font family, direction and writing mode, visibility (a collapsed accordion hides us) and
   * the colour scheme. Custom properties (the --pk-* tokens) are untouched by 'all'.
   */
  .pk-root {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--pk-sys-font-family, inherit);
    font-size: var(--pk-sys-font-size, 0.9375rem);
    line-height: 1.45;
    color: var(--_text);
    writing-mode: inherit;
    text-orientation: inherit;
    visibility: inherit;
    color-scheme: inherit;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  /*
   * A host page in quirks mode (no <!DOCTYPE html>) gets the browser's quirks table style:
   * tables do not inherit colour or font (black text on a dark theme, medium size). They do here.
   */
  table {
    color: inherit;
    font: inherit;
    line-height: inherit;
    white-space: inherit;
    text-align: start;
  }
  /* Data (names, domains, amounts, dates) never takes the direction of the text around it. */
  bdi,
  time,
  data {
    unicode-bidi: isolate;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/**
 * Dark defaults, set by `<pk-portal>` for everything inside it. No on-primary: the portal's dark
 * theme computes text on the primary for contrast (see portal.styles.ts).
 */
export const darkTokens = css`
  --pk-sys-color-primary: #9db7ff;
  --pk-sys-color-surface: #15181d;
  --pk-sys-color-surface-variant: #20252d;
  --pk-sys-color-text: #e6e9ef;
  --pk-sys-color-text-muted: #a7b0bf;
  --pk-sys-color-border: #3a4250;
  --pk-sys-color-danger: #ffb4ab;
  --pk-sys-color-warning: #f3c66b;
  --pk-sys-color-success: #8fd6a4;
  --pk-sys-color-focus: #9db7ff;
`;

/** Shared rendering of the error state (with retry) and the status line. */
export const stateStyles = css`
  .error {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    color: var(--_text);
    background: var(--_surface);
  }
  .error h3 {
    margin: 0 0 var(--_space);
    font-size: 1em;
    color: var(--_danger);
  }
  .error p {
    margin: 0 0 var(--_space);
  }
  .empty,
  .loading {
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
`;
