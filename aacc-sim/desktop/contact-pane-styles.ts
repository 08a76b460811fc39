import { css } from 'lit';

/** Layout of one contact: chat log and composer, call controls, the customer pane. */
export const contactPaneStyles = css`
  :host {
    display: grid;
    grid-template-columns: 1fr 300px;
    height: 100%;
    min-height: 0;
  }
  .main {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-right: 1px solid var(--line);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    padding: 8px 12px;
    border-bottom: 1px solid var(--line);
    background: #fafbfc;
  }
  .bar .spacer {
    flex: 1;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-height: 0;
  }
  .msg {
    max-width: 72%;
    padding: 8px 12px;
    border-radius: 10px;
    background: #fff;
    border: 1px solid var(--line);
    overflow-wrap: anywhere;
  }
  .msg .text {
    white-space: pre-wrap;
  }
  .msg img {
    display: block;
    max-width: 240px;
    max-height: 240px;
    border-radius: 6px;
  }
  .msg.agent {
    align-self: flex-end;
    background: #fdecea;
    border-color: #f4c7c3;
  }
  .msg.system {
    align-self: center;
    background: transparent;
    border: none;
    color: var(--muted);
    font-size: 12px;
  }
  .meta {
    font-size: 11px;
    color: var(--muted);
    margin-bottom: 2px;
  }
  .typing {
    padding: 0 16px 6px;
    font-size: 12px;
    color: var(--muted);
    min-height: 18px;
  }
  form.composer {
    display: flex;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--line);
    background: #fff;
  }
  form.composer textarea {
    flex: 1;
    resize: none;
    height: 44px;
  }
  .details {
    padding: 14px;
    overflow-y: auto;
    background: #fff;
  }
  .details h2 {
    margin: 0 0 8px;
    font-size: 13px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px 10px;
    margin: 0 0 16px;
  }
  dt {
    color: var(--muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .call {
    margin: 40px auto;
    text-align: center;
  }
  .call .state {
    font-size: 20px;
    margin: 8px 0 16px;
  }
  .call .buttons {
    display: flex;
    gap: 10px;
    justify-content: center;
  }
  ul.people {
    list-style: none;
    padding: 0;
    margin: 0 0 16px;
  }
  .msg.undelivered {
    border-style: dashed;
  }
  .msg.notice {
    align-self: center;
    background: #fff4e5;
    border-color: #f5c27a;
    font-size: 12px;
  }
  .status {
    padding: 6px 16px;
    background: #fff4e5;
    border-bottom: 1px solid #f5c27a;
    font-size: 13px;
  }
  ol.bot {
    list-style: none;
    padding: 0;
    margin: 6px 0 16px;
    font-size: 13px;
  }
  ol.bot li {
    padding: 3px 0;
    border-bottom: 1px dotted var(--line);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  select.canned {
    max-width: 120px;
  }
  ul.people li {
    padding: 2px 0;
  }
  .pad {
    margin: 0 12px;
  }
`;
