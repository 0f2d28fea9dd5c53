/** Styles every element shares: text, buttons, form fields, cards, focus ring, print rules. */
import { css } from 'lit';

export const shared = css`
  :host { display: block; }
  [hidden] { display: none !important; }
  h1, h2, h3 { line-height: 1.25; margin: 1.25rem 0 0.5rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; }
  h3 { font-size: 1.05rem; }
  p { margin: 0.5rem 0; }
  a { color: var(--hs-accent); }
  .muted { color: var(--hs-muted); }
  .card {
    background: var(--hs-surface);
    border: 1px solid var(--hs-line);
    border-radius: var(--hs-radius);
    padding: 0.75rem 1rem;
    margin: 0.75rem 0;
  }
  .note {
    background: var(--hs-accent-soft);
    border-radius: var(--hs-radius);
    padding: 0.5rem 0.75rem;
    margin: 0.75rem 0;
  }
  button, .button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: var(--hs-radius);
    border: 1px solid var(--hs-accent);
    background: var(--hs-accent);
    color: #fff;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  button.secondary, .button.secondary { background: var(--hs-surface); color: var(--hs-accent); }
  button.link { background: none; border: none; color: var(--hs-accent); text-decoration: underline; padding: 0.25rem; min-height: 0; }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  input, select, textarea {
    font: inherit;
    padding: 0.45rem 0.6rem;
    border: 1px solid #8b9096;
    border-radius: 0.35rem;
    background: #fff;
    color: var(--hs-text);
    max-width: 100%;
    box-sizing: border-box;
  }
  textarea { width: 100%; min-height: 4rem; }
  label { display: block; font-weight: 600; margin: 0.5rem 0 0.25rem; }
  :focus-visible { outline: 3px solid var(--hs-focus); outline-offset: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.75rem 0; }
  .error { color: #7a2e0e; background: #fbeee6; border-radius: var(--hs-radius); padding: 0.5rem 0.75rem; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
  }
  ul.plain { list-style: none; padding: 0; margin: 0; }
  .break { overflow-wrap: anywhere; }
  @media print {
    .no-print, button { display: none !important; }
    .card { break-inside: avoid; border-color: #999; }
  }
`;
