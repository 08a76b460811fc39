import { css } from 'lit';

/** Neutral look per channel (colours only: no names' logos or trademarks are drawn). */
export const theme = css`
  :host {
    --bar: #075e54;
    --bar-fg: #fff;
    --wall: #ece5dd;
    --mine: #dcf8c6;
    --theirs: #fff;
    --accent: #128c7e;
    --tick-read: #34b7f1;
    --radius: 8px;
    font:
      15px/1.35 system-ui,
      sans-serif;
    color: #111;
  }
  :host([channel='messenger']) {
    --bar: #fff;
    --bar-fg: #050505;
    --wall: #fff;
    --mine: #0a7cff;
    --theirs: #e4e6eb;
    --accent: #0a7cff;
    --tick-read: #0a7cff;
    --radius: 18px;
  }
  :host([channel='messenger']) .mine {
    color: #fff;
  }
  :host([channel='twitter']) {
    --bar: #000;
    --bar-fg: #fff;
    --wall: #000;
    --mine: #1d9bf0;
    --theirs: #2f3336;
    --accent: #1d9bf0;
    --tick-read: #fff;
    --radius: 20px;
    color: #e7e9ea;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  summary:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 2px;
  }
`;
