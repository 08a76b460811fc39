import { css } from 'lit';

export const imageViewerStyles = css`
  dialog {
    max-width: 96vw;
    max-height: 96vh;
    padding: 8px;
    border: none;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 8px;
  }
  dialog:not([open]) {
    display: none;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.7);
  }
  img {
    max-width: calc(96vw - 16px);
    max-height: calc(96vh - 64px);
    object-fit: contain;
  }
  .close {
    padding: 6px 14px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_fg);
  }
`;
