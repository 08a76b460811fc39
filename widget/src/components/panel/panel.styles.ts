import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    width: var(--parley-panel-width, 380px);
    height: min(var(--parley-panel-height, 620px), calc(100dvh - 120px));
    background: var(--_bg);
    color: var(--_fg);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  @media (max-width: 480px) {
    :host {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: var(--_vvh, 100dvh);
      border-radius: 0;
      padding: env(safe-area-inset-top, 0) env(safe-area-inset-right, 0) env(safe-area-inset-bottom, 0)
        env(safe-area-inset-left, 0);
    }
  }
  section {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 12px 12px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .titles {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
  }
  .status {
    font-size: 0.85em;
    opacity: 0.9;
  }
  header button {
    border: 1px solid transparent;
    background: transparent;
    color: inherit;
    border-radius: 8px;
    padding: 6px 8px;
  }
  header button:hover {
    background: rgb(255 255 255 / 15%);
  }
  .sound[aria-pressed='false'] {
    opacity: 0.6;
  }
  .sound[aria-pressed='true'] {
    border-color: currentColor;
  }
  .end {
    border-color: currentColor;
    font-size: 0.85em;
  }
  .icon {
    width: 20px;
    height: 20px;
    fill: currentColor;
    display: block;
  }
  .banner {
    margin: 0;
    padding: 6px 16px;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 0.85em;
  }
  .banner.failed {
    color: var(--_error);
  }
  .confirm {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 16px;
    background: var(--_surface);
  }
  .confirm span {
    flex: 1;
  }
  .confirm button,
  .new-chat {
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_fg);
    padding: 6px 12px;
  }
  .ended {
    padding: 12px 16px;
    border-top: 1px solid var(--_border);
    text-align: center;
    color: var(--_muted);
  }
  parley-message-list {
    flex: 1;
    min-height: 0;
  }
`;
