import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { currentLang, format, LocalizeController } from '../../controllers/localize-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import { sharedStyles } from '../shared.styles.js';
import {
  afterChatTarget,
  downloadTranscript,
  emailTranscript,
  sendSurvey,
  surveyOffered,
  type AfterChatTarget,
} from './after-chat-api.js';
import { afterChatStrings, type AfterChatKey } from './after-chat-strings.js';
import { afterChatStyles } from './after-chat.styles.js';

type Outcome = 'idle' | 'busy' | 'done' | 'failed';

const textOf = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

/**
 * @summary What follows an ended chat: the survey (a rating from 1 to 5 and a comment) when an agent took part and
 * none was given yet, and a copy of the conversation (download as text or HTML, or by e-mail). Loaded on demand
 * (its own chunk) when a conversation ends.
 */
export class ParleyAfterChat extends LitElement {
  static override styles = [sharedStyles, afterChatStyles];
  // Re-renders on a change of language; the words themselves live in this chunk.
  private readonly l10n = new LocalizeController(this);

  @property({ attribute: false }) session!: SessionApi;
  @state() private offered = false;
  @state() private survey: Outcome = 'idle';
  @state() private mail: Outcome = 'idle';
  @state() private download: Outcome = 'idle';
  private target: AfterChatTarget | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.target = afterChatTarget(this.session.uploadTarget());
    if (this.target) void surveyOffered(this.target).then((offered) => (this.offered = offered));
  }

  private s(key: AfterChatKey, params?: Record<string, string | number>): string {
    return format(afterChatStrings(currentLang())[key], params);
  }

  private readonly onSurvey = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const rating = Number(data.get('rating'));
    if (!this.target || !(rating >= 1 && rating <= 5)) return;
    this.survey = 'busy';
    const comment = textOf(data.get('comment')).slice(0, 1000);
    this.survey = (await sendSurvey(this.target, rating, comment)) ? 'done' : 'failed';
  };

  private readonly onMail = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const to = textOf(new FormData(e.currentTarget as HTMLFormElement).get('to')).trim();
    if (!this.target || !to) return;
    this.mail = 'busy';
    this.mail = (await emailTranscript(this.target, to)) ? 'done' : 'failed';
  };

  private async save(formatName: 'text' | 'html'): Promise<void> {
    if (!this.target) return;
    this.download = (await downloadTranscript(this.target, formatName, this.renderRoot)) ? 'idle' : 'failed';
  }

  private renderSurvey() {
    if (this.survey === 'done') return html`<p role="status">${this.s('thanks')}</p>`;
    if (!this.offered) return nothing;
    return html`<form class="survey" @submit=${this.onSurvey}>
      <fieldset>
        <legend>${this.s('rate')}</legend>
        <div class="stars">
          ${[1, 2, 3, 4, 5].map(
            (n) =>
              html`<label title=${this.s('star', { n })}
                ><input type="radio" name="rating" value=${n} required aria-label=${this.s('star', { n })} /><span
                  aria-hidden="true"
                  >${n}</span
                ></label
              >`,
          )}
        </div>
      </fieldset>
      <label>${this.s('comment')}<br /><textarea name="comment" rows="2" maxlength="1000"></textarea></label>
      <button type="submit" ?disabled=${this.survey === 'busy'}>${this.s('send')}</button>
      ${this.survey === 'failed' ? html`<p role="alert">${this.s('failed')}</p>` : nothing}
    </form>`;
  }

  override render() {
    if (!this.target) return nothing;
    return html`${this.renderSurvey()}
      <section class="copy" aria-labelledby="copy-title">
        <h3 id="copy-title">${this.s('transcript')}</h3>
        <div class="row">
          <button type="button" @click=${() => void this.save('text')}>${this.s('text')}</button>
          <button type="button" @click=${() => void this.save('html')}>${this.s('html')}</button>
        </div>
        ${this.download === 'failed' ? html`<p role="alert">${this.s('failed')}</p>` : nothing}
        <form class="row" @submit=${this.onMail} aria-label=${this.s('email')}>
          <label class="mail">${this.s('email')}<input type="email" name="to" required autocomplete="email" /></label>
          <button type="submit" ?disabled=${this.mail === 'busy'}>${this.s('emailSend')}</button>
        </form>
        ${this.mail === 'done' ? html`<p role="status">${this.s('emailed')}</p>` : nothing}
        ${this.mail === 'failed' ? html`<p role="alert">${this.s('failed')}</p>` : nothing}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-after-chat': ParleyAfterChat;
  }
}
