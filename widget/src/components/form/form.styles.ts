import { css } from 'lit';

export const formStyles = css`
  :host {
    display: block;
    width: 100%;
  }
  form {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
    background: var(--_bg);
  }
  h3 {
    margin: 0;
    font-size: 0.95em;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  label,
  legend {
    font-size: 0.85em;
    font-weight: 600;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  input,
  select {
    font: inherit;
    font-size: max(16px, 1em);
    padding: 7px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_fg);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .error {
    color: var(--_error);
    font-size: 0.8em;
    margin: 0;
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .choice {
    display: flex;
    gap: 6px;
    align-items: center;
    font-weight: 400;
  }
  button {
    align-self: flex-start;
    border: none;
    border-radius: 8px;
    padding: 8px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
`;
