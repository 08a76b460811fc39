import { css } from 'lit';

export const locationRequestStyles = css`
  :host {
    display: block;
    margin-top: 6px;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  button {
    padding: 6px 12px;
    border: 1px solid var(--_accent);
    border-radius: 16px;
    background: var(--_bg);
    color: var(--_accent);
    font: inherit;
    cursor: pointer;
  }
  button.share {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  p {
    margin: 6px 0 0;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  p:empty {
    display: none;
  }
  .problem {
    color: var(--_error);
  }
`;
