import { LOCATION_DECLINED } from '@parley/protocol';
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { currentLang, LocalizeController } from '../../controllers/localize-controller.js';
import type { MessageActions } from '../../session/session-api.js';
import { requestComposerFocus } from '../panel/focus-request.js';
import { sharedStyles } from '../shared.styles.js';
import { locationStrings } from './location-strings.js';
import { locationRequestStyles } from './location-request.styles.js';

type Phase = 'idle' | 'locating' | 'denied' | 'unavailable' | 'timeout' | 'unsupported';

/** How long the browser may take to answer once permission is given; a cached fix up to 5 minutes old will do. */
const OPTIONS: PositionOptions = { enableHighAccuracy: false, timeout: 20_000, maximumAge: 300_000 };
/**
 * How long to wait for any answer at all. The browser's own timeout (above) starts only once permission is given, so a
 * permission prompt left open, or a browser that never answers, would keep "Finding your location…" forever.
 */
const PATIENCE_MS = 30_000;
/** Five decimals (about a metre) is all any map needs. */
const round = (n: number): number => Math.round(n * 1e5) / 1e5;

/**
 * @summary A bot's or agent's request for the visitor's location: "Share my location" asks the browser (which asks
 * the visitor's permission) and sends the coordinates; "Not now" declines. Nothing is read before the visitor
 * presses Share. Why nothing was shared (permission denied, no fix, too slow, no geolocation here) is said in words
 * in a live region, and the visitor can try again or type an address.
 */
export class ParleyLocationRequest extends LitElement {
  static override styles = [sharedStyles, locationRequestStyles];
  // Re-renders on a locale change; the words themselves live in this chunk.
  protected readonly l10n = new LocalizeController(this);

  @property() label = '';
  @property({ attribute: false }) session!: MessageActions;
  /** How long "Share" waits for the browser before saying it took too long (shorter in tests). */
  @property({ attribute: false }) patienceMs = PATIENCE_MS;
  @state() private phase: Phase = 'idle';
  /** Which press of Share is current: an answer to an earlier one (after it timed out) is ignored. */
  private attempt = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  private readonly share = (): void => {
    if (this.phase === 'locating') return;
    const geo = globalThis.isSecureContext ? navigator.geolocation : undefined;
    if (!geo) {
      this.phase = 'unsupported';
      return;
    }
    this.phase = 'locating';
    const attempt = ++this.attempt;
    // True only for the first answer to the current press, while it is still waited for.
    const settle = (phase: Phase): boolean => {
      if (attempt !== this.attempt || this.phase !== 'locating') return false;
      clearTimeout(this.watchdog);
      this.phase = phase;
      return true;
    };
    this.watchdog = setTimeout(() => settle('timeout'), this.patienceMs);
    geo.getCurrentPosition(
      (position) => {
        if (!settle('idle')) return;
        this.session.shareLocation(round(position.coords.latitude), round(position.coords.longitude));
        requestComposerFocus(this);
      },
      (error) => {
        settle(
          error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable',
        );
      },
      OPTIONS,
    );
  };

  private readonly decline = (): void => {
    const s = locationStrings(currentLang());
    this.session.act({ type: 'postback', payload: LOCATION_DECLINED, label: s.notNow });
    requestComposerFocus(this);
  };

  override render() {
    const s = locationStrings(currentLang());
    const phase = this.phase;
    const busy = phase === 'locating';
    const words = phase === 'idle' ? '' : s[phase];
    // aria-disabled rather than disabled while locating: the focused button keeps focus.
    return html`<div role="group" aria-label=${s.group}>
      <div class="buttons">
        <button type="button" class="share" aria-disabled=${busy} aria-describedby="status" @click=${this.share}>
          ${this.label || s.group}
        </button>
        <button type="button" aria-disabled=${busy} @click=${this.decline}>${s.notNow}</button>
      </div>
      <p id="status" class=${busy ? '' : 'problem'} role="status">${words}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-location-request': ParleyLocationRequest;
  }
}
