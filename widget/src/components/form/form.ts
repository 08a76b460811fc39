import type { ContentOf, FormField } from '@parley/protocol';
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { StringKey } from '../../i18n/en.js';
import type { SessionApi } from '../../session/session-api.js';
import { requestComposerFocus } from '../panel/focus-request.js';
import { sharedStyles } from '../shared.styles.js';
import { formStyles } from './form.styles.js';
import { isFieldActive, validateField } from './validate.js';

const INPUT_TYPE: Record<FormField['kind'], string> = {
  text: 'text',
  name: 'text',
  phone: 'tel',
  email: 'email',
  datetime: 'datetime-local',
  choice: 'text',
  checkbox: 'checkbox',
};
const AUTOCOMPLETE: Partial<Record<FormField['kind'], string>> = { name: 'name', phone: 'tel', email: 'email' };

/**
 * @summary A form card in the conversation (name, phone, email, text, datetime, choice). Runs instant,
 * light checks inline with per-kind messages, sends the values as typed, shows the server's verdict
 * (`form.invalid`: the server parses and normalises phone numbers to E.164) per field, and locks once
 * the server accepted the answer.
 * @csspart form - The form element.
 */
export class ParleyForm extends LitElement {
  static override styles = [sharedStyles, formStyles];
  private readonly l10n = new LocalizeController(this);
  private readonly storeWatch = new StoreController(this, () => this.session?.store);

  @property({ attribute: false }) content!: ContentOf<'form'>;
  @property({ attribute: false }) session!: SessionApi;

  @state() private values: Record<string, string> = {};
  /** Local validation errors (field -> message key). */
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  private serverVerdict: Record<string, string> | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('content')) {
      this.values = Object.fromEntries(this.content.fields.map((f) => [f.name, f.value ?? '']));
    }
  }

  private get locked(): boolean {
    const { store } = this.session;
    if (store.isFormAnswered(this.content.formId)) return true;
    return (
      this.session
        .pending()
        .some((p) => p.content.type === 'form_response' && p.content.formId === this.content.formId && !p.error) &&
      !store.formErrors.has(this.content.formId)
    );
  }

  /**
   * The server refused the answer (`form.invalid`, a new verdict object each time): focus goes to the first
   * field it refused, and the alert region below the form says what is wrong.
   */
  protected override updated(): void {
    const server = this.session.store.formErrors.get(this.content.formId);
    if (!server || server === this.serverVerdict) return;
    this.serverVerdict = server;
    const first = this.activeFields().find((f) => server[f.name]);
    if (first) this.renderRoot.querySelector<HTMLElement>(`[name="${first.name}"]`)?.focus();
  }

  private errorFor(name: string): string | undefined {
    const local = this.errors[name];
    if (local) return this.l10n.tDynamic(local, 'form.invalid');
    const server = this.session.store.formErrors.get(this.content.formId)?.[name];
    return server ? this.l10n.tDynamic(server, 'form.invalid') : undefined;
  }

  /** What the server refused, field by field, for the alert region (empty when nothing is refused). */
  private serverSummary(): string {
    const server = this.session.store.formErrors.get(this.content.formId) ?? {};
    return this.activeFields()
      .filter((f) => server[f.name])
      .map((f) => `${f.label}: ${this.l10n.tDynamic(server[f.name] ?? '', 'form.invalid')}`)
      .join('. ');
  }

  private handleInput(field: FormField, event: Event): void {
    const input = event.target as HTMLInputElement;
    const value = field.kind === 'checkbox' ? (input.checked ? 'yes' : 'no') : input.value;
    this.values = { ...this.values, [field.name]: value };
    if (this.errors[field.name]) {
      const { [field.name]: _removed, ...rest } = this.errors;
      this.errors = rest;
    }
    const server = this.session.store.formErrors.get(this.content.formId);
    if (server?.[field.name]) delete server[field.name];
  }

  /** The fields shown right now (see FormField.onlyWhen). */
  private activeFields(): FormField[] {
    return this.content.fields.filter((f) => isFieldActive(f, this.values));
  }

  private readonly handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.locked || this.busy) return;
    this.busy = true;
    try {
      const errors: Record<string, StringKey> = {};
      const values: Record<string, string> = {};
      // Fields whose onlyWhen condition is not met are hidden: neither checked nor sent.
      for (const field of this.activeFields()) {
        const result = validateField(field, this.values[field.name] ?? '');
        if (result.ok) values[field.name] = result.value;
        else errors[field.name] = result.key;
      }
      this.errors = errors;
      const firstInvalid = this.activeFields().find((f) => errors[f.name]);
      if (firstInvalid) {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(`[name="${firstInvalid.name}"]`)?.focus();
        return;
      }
      this.session.submitForm(this.content.formId, values);
      // The form locks (its controls disabled) until the server answers: focus goes to the composer.
      requestComposerFocus(this);
    } finally {
      this.busy = false;
    }
  };

  private renderField(field: FormField, locked: boolean) {
    const id = `f-${field.name}`;
    const error = this.errorFor(field.name);
    const label = html`${field.label}${field.required ? nothing : html` <span class="optional">${this.l10n.t('form.optional')}</span>`}`;
    const errorEl = error ? html`<p class="error" id="${id}-err">${error}</p>` : nothing;
    const value = this.values[field.name] ?? '';
    if (field.kind === 'choice') {
      return html`<fieldset class="field" aria-describedby=${error ? `${id}-err` : nothing} ?disabled=${locked}>
        <legend>${label}</legend>
        ${(field.options ?? []).map(
          (o) =>
            html`<label class="choice"
              ><input
                type="radio"
                name=${field.name}
                .value=${o.value}
                .checked=${value === o.value}
                aria-invalid=${error ? 'true' : 'false'}
                @change=${(e: Event) => this.handleInput(field, e)}
              />${o.label}</label
            >`,
        )}
        ${errorEl}
      </fieldset>`;
    }
    if (field.kind === 'checkbox') {
      // The box before its label, the label clickable; "yes" when ticked (the server's value). Never "(optional)":
      // leaving it unticked is an answer.
      return html`<div class="field">
        <label class="choice"
          ><input
            id=${id}
            name=${field.name}
            type="checkbox"
            .checked=${value === 'yes'}
            ?required=${field.required}
            ?disabled=${locked}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? `${id}-err` : nothing}
            @change=${(e: Event) => this.handleInput(field, e)}
          />${field.label}</label
        >
        ${errorEl}
      </div>`;
    }
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field.name}
        type=${INPUT_TYPE[field.kind]}
        .value=${value}
        placeholder=${field.placeholder ?? nothing}
        autocomplete=${AUTOCOMPLETE[field.kind] ?? 'off'}
        maxlength=${field.maxLength ?? 256}
        ?required=${field.required}
        ?disabled=${locked}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-err` : nothing}
        @input=${(e: Event) => this.handleInput(field, e)}
      />
      ${errorEl}
    </div>`;
  }

  override render() {
    const locked = this.locked;
    return html`<form part="form" novalidate aria-label=${this.content.title ?? nothing} @submit=${this.handleSubmit}>
      ${this.content.title ? html`<h3>${this.content.title}</h3>` : nothing}
      ${this.activeFields().map((f) => this.renderField(f, locked))}
      <div class="sr-only" role="alert">${this.serverSummary()}</div>
      <button type="submit" ?disabled=${locked || this.busy}>
        ${locked ? this.l10n.t('form.submitted') : (this.content.submitLabel ?? this.l10n.t('form.submit'))}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-form': ParleyForm;
  }
}
