/**
 * The launcher button and its unread badge. Plain text (no Lit) so the loader's launcher
 * (loader/launcher.ts) looks exactly the same before Lit loads.
 */
export const launcherCss = `
  button {
    position: relative;
    width: var(--parley-launcher-size, 56px);
    height: var(--parley-launcher-size, 56px);
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 4px 14px rgb(0 0 0 / 25%);
    display: grid;
    place-items: center;
    transition: transform 0.15s ease;
  }
  button:hover {
    transform: scale(1.05);
  }
  svg {
    width: 26px;
    height: 26px;
    fill: currentColor;
  }
  .badge {
    position: absolute;
    top: -4px;
    inset-inline-end: -4px;
    min-width: 20px;
    height: 20px;
    padding: 0 5px;
    border-radius: 10px;
    background: var(--parley-badge-color, #b3261e);
    color: #fff;
    font-size: 12px;
    line-height: 20px;
    font-weight: 700;
  }
`;
