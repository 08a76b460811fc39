/**
 * The <parley-chat> host: position and design tokens. Public knobs are the documented `--parley-*`
 * properties; `--_*` are internal and inherit into every nested shadow root. Plain text (no Lit) so
 * the loader's launcher (loader/launcher.ts) paints exactly the same host before Lit loads.
 */
export const hostCss = `
  :host {
    --_accent: var(--parley-accent, #1f4fd1);
    --_on-accent: var(--parley-on-accent, #fff);
    --_bg: var(--parley-background, #fff);
    --_fg: var(--parley-foreground, #1b1b1f);
    --_muted: var(--parley-muted, #5c5f66);
    --_surface: var(--parley-surface, #f1f3f7);
    --_border: var(--parley-border, #d4d7de);
    --_radius: var(--parley-radius, 14px);
    --_focus: var(--parley-focus, #1f4fd1);
    --_error: var(--parley-error, #b3261e);
    --_shadow: var(--parley-shadow, 0 8px 32px rgb(0 0 0 / 22%));
    --_gap: var(--parley-offset, 20px);
    position: fixed;
    z-index: var(--parley-z-index, 2147483000);
    bottom: calc(var(--_gap) + env(safe-area-inset-bottom, 0px));
    right: calc(var(--_gap) + env(safe-area-inset-right, 0px));
    font-family: var(--parley-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--parley-font-size, 15px);
    line-height: 1.4;
    color: var(--_fg);
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 12px;
  }
  :host([position='left']) {
    right: auto;
    left: calc(var(--_gap) + env(safe-area-inset-left, 0px));
    align-items: flex-start;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--parley-background, #1c1d21);
      --_fg: var(--parley-foreground, #eceef2);
      --_muted: var(--parley-muted, #a6a9b2);
      --_surface: var(--parley-surface, #2a2c32);
      --_border: var(--parley-border, #3a3d45);
      --_accent: var(--parley-accent, #8fb0ff);
      --_on-accent: var(--parley-on-accent, #0b1a40);
      --_focus: var(--parley-focus, #8fb0ff);
    }
  }
  :host([theme='dark']) {
    --_bg: var(--parley-background, #1c1d21);
    --_fg: var(--parley-foreground, #eceef2);
    --_muted: var(--parley-muted, #a6a9b2);
    --_surface: var(--parley-surface, #2a2c32);
    --_border: var(--parley-border, #3a3d45);
    --_accent: var(--parley-accent, #8fb0ff);
    --_on-accent: var(--parley-on-accent, #0b1a40);
    --_focus: var(--parley-focus, #8fb0ff);
  }
`;
