import { css } from 'lit';

export const messageStyles = css`
  :host {
    display: block;
  }
  .row {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 4px;
  }
  :host([role-name='customer']) .row {
    align-items: flex-end;
  }
  .author {
    font-size: 0.78em;
    color: var(--_muted);
    margin-inline: 4px;
  }
  .bubble {
    max-width: 85%;
    padding: 8px 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow-wrap: anywhere;
  }
  /* Only message text keeps its line breaks: markup around links and file names is formatted freely. */
  .text {
    white-space: pre-wrap;
  }
  :host([role-name='customer']) .bubble {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  :host([role-name='customer']) .bubble a {
    color: inherit;
  }
  a {
    color: var(--_accent);
  }
  time,
  .state {
    font-size: 0.72em;
    color: var(--_muted);
    margin-inline: 4px;
  }
  .state.failed {
    color: var(--_error);
  }
  .system {
    text-align: center;
    font-size: 0.85em;
    color: var(--_muted);
    padding: 2px 8px;
  }
  .system button {
    margin-inline-start: 8px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    max-width: 100%;
  }
  .actions button,
  .actions a,
  .system button {
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_accent);
    padding: 6px 12px;
    text-decoration: none;
    font-size: 0.9em;
  }
  .actions button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  img {
    max-width: 100%;
    max-height: 240px;
    border-radius: var(--_radius);
    display: block;
  }
  /* The box is laid out before the picture arrives: from the message's width/height, else 4:3. */
  .thumb {
    display: block;
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_muted);
    overflow: hidden;
    cursor: zoom-in;
  }
  .thumb {
    max-width: 100%;
  }
  .sized img {
    height: auto;
    max-height: none;
    border-radius: 0;
  }
  .box {
    width: min(100%, 240px);
    aspect-ratio: 4 / 3;
  }
  .box img {
    width: 100%;
    height: 100%;
    object-fit: contain;
    border-radius: 0;
  }
  .paused {
    display: block;
    padding: 12px;
    font-size: 0.85em;
  }
  .file {
    display: flex;
    flex-direction: column;
  }
  .meta {
    font-size: 0.8em;
    opacity: 0.8;
  }
  .carousel {
    display: flex;
    gap: 8px;
    overflow-x: auto;
    max-width: 100%;
    padding-bottom: 4px;
  }
  .card {
    flex: 0 0 200px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 8px;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  /* A card's picture has no size on the wire: a fixed 2:1 box, filled, so nothing moves when it loads. */
  .card img {
    width: 100%;
    aspect-ratio: 2 / 1;
    object-fit: cover;
  }
  .card h3 {
    margin: 0;
    font-size: 0.95em;
  }
  .card p {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .link-card {
    display: flex;
    flex-direction: column;
    gap: 2px;
    max-width: 100%;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_fg);
    text-decoration: none;
  }
  .link-card .host {
    font-weight: 600;
    color: var(--_accent);
  }
  .link-card .url {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 0.85em;
    color: var(--_muted);
  }
`;
