import { css } from 'lit';

/** Shared look: Avaya-like dark header, neutral panels, red accent. */
export const theme = css`
  :host {
    --hdr: #1b1f24;
    --accent: #da291c;
    --accent-dark: #b3211a;
    --ok: #1a7f45;
    --panel: #ffffff;
    --bg: #eef0f3;
    --line: #d9dde3;
    --muted: #5f6b7a;
    --text: #1d2530;
    font:
      14px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    color: var(--text);
  }
  button {
    font: inherit;
    border: 1px solid var(--line);
    background: #fff;
    color: var(--text);
    border-radius: 6px;
    padding: 6px 12px;
    cursor: pointer;
  }
  button:hover {
    border-color: #aab2bd;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid #2f6fde;
    outline-offset: 1px;
  }
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: #fff;
  }
  button.primary:hover {
    background: var(--accent-dark);
  }
  button.good {
    background: var(--ok);
    border-color: var(--ok);
    color: #fff;
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  input,
  select,
  textarea {
    font: inherit;
    border: 1px solid var(--line);
    border-radius: 6px;
    padding: 6px 8px;
    background: #fff;
    color: var(--text);
  }
  .muted {
    color: var(--muted);
  }
  .error {
    color: var(--accent-dark);
  }
`;
