import { css } from 'lit';

export const composerStyles = css`
  :host {
    display: block;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  form {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
  }
  .field {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  textarea {
    width: 100%;
    resize: none;
    max-height: 140px;
    min-height: 40px;
    padding: 9px 12px;
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    /* 16px stops iOS Safari from zooming into the field. */
    font-size: max(16px, 1em);
    field-sizing: content;
  }
  .counter {
    font-size: 0.75em;
    color: var(--_muted);
    text-align: end;
  }
  .counter.over {
    color: var(--_error);
  }
  button {
    height: 40px;
    padding: 0 14px;
    border: none;
    border-radius: 12px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .attach {
    width: 40px;
    padding: 0;
    background: transparent;
    color: var(--_muted);
  }
  .icon {
    width: 22px;
    height: 22px;
    fill: currentColor;
  }
`;
