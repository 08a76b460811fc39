import { css } from 'lit';

export const afterChatStyles = css`
  :host {
    display: block;
    text-align: left;
    color: var(--_fg, inherit);
    max-height: 45vh;
    overflow-y: auto;
    margin-top: 12px;
  }
  button {
    font: inherit;
    padding: 6px 12px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button[type='submit'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent, #fff);
  }
  label.mail {
    display: grid;
    gap: 4px;
  }
  label.mail input {
    width: 100%;
    box-sizing: border-box;
  }
  .row {
    align-items: end;
  }
  form,
  .copy {
    display: grid;
    gap: 8px;
    margin: 0 0 12px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 6px;
    padding: 0;
  }
  .stars {
    display: flex;
    gap: 6px;
  }
  .stars label {
    display: inline-grid;
    place-items: center;
    min-width: 40px;
    min-height: 40px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    cursor: pointer;
  }
  .stars input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
  }
  .stars input:checked + span {
    font-weight: 700;
  }
  .stars label:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .stars label:has(input:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  textarea,
  input[type='email'] {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    min-width: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .row .mail {
    flex: 1 1 160px;
  }
  h3 {
    font-size: 1em;
    margin: 0;
  }
  p {
    margin: 0;
  }
`;
