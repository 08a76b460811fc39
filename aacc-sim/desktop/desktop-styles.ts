import { css } from 'lit';

/** Layout of the desktop shell: header bar, login card, contact list, outbox. */
export const desktopStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100vh;
    background: var(--bg);
  }
  header {
    display: flex;
    align-items: center;
    gap: 14px;
    padding: 0 18px;
    height: 52px;
    background: var(--hdr);
    color: #fff;
  }
  header .brand {
    font-weight: 700;
    letter-spacing: 0.12em;
    color: #fff;
  }
  header .brand span {
    color: var(--accent);
  }
  header .title {
    color: #c9ced6;
    font-size: inherit;
    font-weight: normal;
    margin: 0;
  }
  header .spacer {
    flex: 1;
  }
  header button {
    background: transparent;
    color: #fff;
    border-color: #49515c;
  }
  header .state {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: #8b939e;
    display: inline-block;
  }
  .dot.ready {
    background: #35c46f;
  }
  .login {
    margin: 10vh auto;
    width: 320px;
    background: #fff;
    border: 1px solid var(--line);
    border-radius: 10px;
    padding: 24px;
    display: grid;
    gap: 12px;
  }
  .login h2 {
    margin: 0 0 4px;
    font-size: 18px;
  }
  .body {
    flex: 1;
    display: grid;
    grid-template-columns: 260px 1fr;
    min-height: 0;
  }
  nav {
    background: #fff;
    border-right: 1px solid var(--line);
    overflow-y: auto;
  }
  nav .section {
    padding: 10px 14px 4px;
    font-size: 12px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted);
  }
  nav button.tab {
    display: block;
    width: 100%;
    text-align: left;
    border: none;
    border-radius: 0;
    border-left: 3px solid transparent;
    padding: 10px 14px;
  }
  nav button.tab[aria-selected='true'] {
    background: #f4f5f7;
    border-left-color: var(--accent);
  }
  nav .sub {
    font-size: 12px;
    color: var(--muted);
  }
  nav .row {
    display: flex;
    justify-content: space-between;
    align-items: center;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: #2f6fde;
    font-size: 12px;
    text-transform: none;
  }
  .alert {
    margin: 10px;
    padding: 10px 12px;
    border-radius: 8px;
    background: #fff4e5;
    border: 1px solid #f5c27a;
    display: grid;
    gap: 6px;
  }
  .alert strong {
    font-size: 13px;
  }
  .pane {
    min-height: 0;
    background: var(--panel);
  }
  nav ul.observe {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav ul.observe li {
    display: flex;
    align-items: center;
    gap: 6px;
    padding-right: 10px;
  }
  .empty {
    display: grid;
    place-items: center;
    height: 100%;
    color: var(--muted);
  }
  .outbox {
    padding: 16px;
    overflow-y: auto;
    height: 100%;
    box-sizing: border-box;
  }
  .outbox article {
    background: #fff;
    border: 1px solid var(--line);
    border-radius: 8px;
    padding: 12px;
    margin-bottom: 12px;
  }
  .outbox pre {
    white-space: pre-wrap;
    font:
      12px/1.4 ui-monospace,
      monospace;
    margin: 8px 0 0;
  }
  .pad {
    margin: 8px 14px;
  }
`;
