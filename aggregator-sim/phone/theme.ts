import { css } from 'lit';

/** Buttons and focus rings, shared by the phone frame and each bubble (colours come from the frame's variables). */
export const controls = css`
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

/**
 * Neutral look per channel (colours only: no names' logos or trademarks are drawn). Only the frame sets these
 * variables: the bubbles inherit them, so they must not declare their own.
 */
export const theme = css`
  :host {
    --bar: #075e54;
    --bar-fg: #fff;
    --wall: #ece5dd;
    --mine: #dcf8c6;
    --mine-fg: #111;
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
    --mine-fg: #fff;
    --theirs: #e4e6eb;
    --accent: #0a7cff;
    --tick-read: #fff;
    --radius: 18px;
  }
  :host([channel='twitter']) {
    --bar: #000;
    --bar-fg: #fff;
    --wall: #000;
    --mine: #1d9bf0;
    --mine-fg: #fff;
    --theirs: #2f3336;
    --accent: #1d9bf0;
    --tick-read: #fff;
    --radius: 20px;
    color: #e7e9ea;
  }
`;
