import { css } from 'lit';

export const uploaderStyles = css`
  :host {
    display: block;
  }
  .upload {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    padding: 8px 12px;
    border-top: 1px solid var(--_border);
    font-size: 0.9em;
  }
  #what,
  p {
    flex: 1 1 60%;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .problem p {
    color: var(--_error);
  }
  progress {
    flex: 1 1 100%;
    order: 3;
    height: 6px;
    accent-color: var(--_accent);
  }
  button {
    padding: 4px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_fg);
  }
`;
