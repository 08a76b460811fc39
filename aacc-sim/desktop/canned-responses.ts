import { html, type TemplateResult } from 'lit';
import snippets from './canned-responses.json' with { type: 'json' };

/** One ready-made reply; `{customer}` and `{agent}` are replaced by the names of this chat. */
export interface CannedResponse {
  title: string;
  text: string;
}

/** The snippets the desktop offers (edit canned-responses.json beside this file, then rebuild the desktop). */
export const CANNED_RESPONSES: readonly CannedResponse[] = snippets;

export function fillCanned(text: string, names: { customer: string; agent: string }): string {
  return text.replace(/\{(customer|agent)\}/g, (_, key: 'customer' | 'agent') => names[key]);
}

/**
 * A picker that puts the chosen snippet into the message box (the agent can still edit it before sending).
 * `insert` gets the snippet with the names filled in.
 */
export function renderCannedPicker(
  names: { customer: string; agent: string },
  insert: (text: string) => void,
  disabled: boolean,
): TemplateResult {
  const onChange = (e: Event) => {
    const select = e.currentTarget as HTMLSelectElement;
    const chosen = CANNED_RESPONSES[Number(select.value)];
    select.value = '';
    if (chosen) insert(fillCanned(chosen.text, names));
  };
  return html`<select class="canned" aria-label="Canned response" ?disabled=${disabled} @change=${onChange}>
    <option value="">Canned…</option>
    ${CANNED_RESPONSES.map((r, i) => html`<option value=${i}>${r.title}</option>`)}
  </select>`;
}
