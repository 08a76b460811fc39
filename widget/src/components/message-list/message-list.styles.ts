import { css } from 'lit';

export const messageListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    position: relative;
    min-height: 0;
  }
  .scroller {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .content {
    padding: 12px 14px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .history,
  .new {
    align-self: center;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_fg);
    padding: 4px 12px;
    font-size: 0.85em;
  }
  .new {
    position: absolute;
    bottom: 10px;
    left: 50%;
    transform: translateX(-50%);
    box-shadow: var(--_shadow);
  }
  .next {
    align-self: stretch;
    border: 0;
    border-top: 1px dashed var(--_border);
    margin: 10px 0 0;
  }
  .day-row {
    align-self: stretch;
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    align-items: center;
    gap: 4px 12px;
  }
  .day {
    align-self: center;
    font-size: 0.78em;
    font-weight: 600;
    color: var(--_muted);
    margin: 6px 0 0;
  }
  .welcome {
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 8px 12px;
    max-width: 85%;
    white-space: pre-wrap;
  }
  .pending {
    align-self: flex-end;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 2px;
    max-width: 85%;
  }
  .pending .bubble {
    padding: 8px 12px;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    opacity: 0.75;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .pending .state {
    font-size: 0.72em;
    color: var(--_muted);
  }
  .pending .state.failed {
    color: var(--_error);
  }
`;
