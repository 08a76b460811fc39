import { css, unsafeCSS } from 'lit';
import { hostCss } from './host-css.js';

/** The root's styles: {@link hostCss} plus the load-failure alert and the mobile layout. */
export const chatStyles = [
  unsafeCSS(hostCss),
  css`
    .alert,
    parley-panel {
      order: -1;
    }
    .alert {
      max-width: 260px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--_bg);
      color: var(--_error);
      box-shadow: var(--_shadow);
    }
    @media (max-width: 480px) {
      :host([open]) parley-launcher {
        display: none;
      }
    }
  `,
];
