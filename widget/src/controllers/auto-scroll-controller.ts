import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Within this many pixels of the bottom, the transcript counts as "at the bottom". */
const STICK_PX = 48;

/**
 * Keeps a scrolling transcript pinned to the newest message unless the visitor scrolled up to read;
 * then new messages raise `hasNew` (for a "New messages" button) instead of yanking the view.
 * Content added at the top (history) keeps the visible messages in place. The container's first
 * child should wrap all the content: its size is watched.
 */
export class AutoScrollController implements ReactiveController {
  /** True when messages arrived below while the visitor was scrolled up. */
  hasNew = false;
  private stuck = true;
  private before: { height: number; top: number } | undefined;
  /** lastKey() as of the previous render. */
  private renderedLast: string | undefined;
  private watched: HTMLElement | undefined;
  /** Children render after the list (forms, images): keep pinned while the content grows. */
  private readonly resize = new ResizeObserver(() => this.keepPinned());

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly container: () => HTMLElement | null | undefined,
    /** Identifies the newest item, to tell "appended below" from "prepended above". */
    private readonly lastKey: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.resize.disconnect();
    this.watched = undefined;
  }

  hostUpdate(): void {
    const el = this.container();
    this.before = el ? { height: el.scrollHeight, top: el.scrollTop } : undefined;
  }

  hostUpdated(): void {
    const el = this.container();
    if (!el) return;
    if (this.watched !== el) {
      this.watched = el;
      el.addEventListener('scroll', () => this.handleScroll(el), { passive: true });
      this.resize.disconnect();
      this.resize.observe(el.firstElementChild ?? el);
    }
    const before = this.before;
    const last = this.lastKey();
    const appended = last !== this.renderedLast;
    this.renderedLast = last;
    if (this.stuck) {
      el.scrollTop = el.scrollHeight;
      return;
    }
    if (!before) return;
    if (appended) {
      if (!this.hasNew) {
        this.hasNew = true;
        this.host.requestUpdate();
      }
    } else if (el.scrollHeight !== before.height) {
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    }
  }

  /** Re-pins after late content (children that render after the host); no-op when scrolled up. */
  keepPinned(): void {
    const el = this.container();
    if (el && this.stuck) el.scrollTop = el.scrollHeight;
  }

  /** Jumps to the newest message and re-pins. */
  scrollToBottom(): void {
    const el = this.container();
    this.stuck = true;
    this.hasNew = false;
    if (el) el.scrollTop = el.scrollHeight;
    this.host.requestUpdate();
  }

  private handleScroll(el: HTMLElement): void {
    this.stuck = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
    if (this.stuck && this.hasNew) {
      this.hasNew = false;
      this.host.requestUpdate();
    }
  }
}
