/**
 * A form asked as a conversation, for channels that cannot show a form card (every messaging channel: Sunshine's form
 * type is Web Messenger only). One question per message; each customer reply answers the current field, is validated
 * by the injected validator (the bot's own, so a phone is normalised to E.164 as in the widget) and either moves on or
 * gets a kind retry prompt. A value the channel already gave (a WhatsApp number, a profile name) is confirmed rather
 * than asked. When the last field is answered the result is the form_response the bot expects from the widget.
 */
import type { Action, ContentOf, FormField } from '@parley/protocol';
import { matchChoice, type ChoiceReply, type OfferedChoice } from './choices.js';
import { ENGLISH_FORM_WORDS } from './form-words.js';

export type FieldCheck = { ok: true; value: string } | { ok: false; key: string };
/** Validates and normalises one answer; `key` names the problem ("phone.too_short"), as bot/validators.ts does. */
export type FieldValidator = (field: FormField, raw: string, values: Readonly<Record<string, string>>) => FieldCheck;

/** The words of the form conversation, for the customer's language (form-words.ts). */
export interface FormWords {
  /** The question for a field without a value yet. */
  ask(field: FormField): string;
  /** A field the channel or the customer already filled in: keep it or type another. */
  confirm(field: FormField, value: string): string;
  /** After an invalid answer, before the question again. */
  retry(field: FormField, key: string): string;
  keepLabel: string;
  skipLabel: string;
  /** The answers to a consent box (a checkbox field), sent as "yes" and "no". */
  yesLabel: string;
  noLabel: string;
}

const KEEP = 'parley:form:keep';
const SKIP = 'parley:form:skip';

export interface FormConversationState {
  formId: string;
  fields: FormField[];
  /** The field being asked. */
  index: number;
  values: Record<string, string>;
}

export type FormStep =
  | { status: 'asking'; state: FormConversationState; prompt: ContentOf<'text'>; offered?: OfferedChoice | undefined }
  | { status: 'done'; state: FormConversationState; response: ContentOf<'form_response'> };

function applies(field: FormField, values: Readonly<Record<string, string>>): boolean {
  return !field.onlyWhen || values[field.onlyWhen.field] === field.onlyWhen.value;
}

/** Questions answered by picking (a choice, a consent box): asked afresh, never confirmed. */
function picked(field: FormField): boolean {
  return field.kind === 'choice' || field.kind === 'checkbox';
}

/** The options of a picked question: a choice's own, or Yes and No for a consent box. */
function pickOptions(field: FormField, words: FormWords): Array<{ label: string; value: string }> {
  if (field.kind === 'checkbox')
    return [
      { label: words.yesLabel, value: 'yes' },
      { label: words.noLabel, value: 'no' },
    ];
  return field.options ?? [];
}

function prefilled(field: FormField, state: FormConversationState): string | undefined {
  const value = state.values[field.name] ?? field.value;
  return value ? value : undefined;
}

function promptFor(field: FormField, state: FormConversationState, words: FormWords, lead?: string): FormStep {
  const actions: Action[] = [];
  const value = prefilled(field, state);
  if (picked(field)) {
    for (const o of pickOptions(field, words)) actions.push({ type: 'reply', label: o.label, payload: o.value });
  } else if (value !== undefined) {
    actions.push({ type: 'reply', label: words.keepLabel, payload: KEEP });
  }
  // An optional consent box is skipped by answering No.
  if (!field.required && field.kind !== 'checkbox')
    actions.push({ type: 'reply', label: words.skipLabel, payload: SKIP });
  const question = value !== undefined && !picked(field) ? words.confirm(field, value) : words.ask(field);
  const text = lead ? `${lead}\n\n${question}` : question;
  const prompt: ContentOf<'text'> = actions.length > 0 ? { type: 'text', text, actions } : { type: 'text', text };
  const offered =
    actions.length > 0
      ? { options: actions.map((a) => ({ label: a.label, payload: 'payload' in a ? a.payload : '' })) }
      : undefined;
  return { status: 'asking', state, prompt, offered };
}

/** From `index` on, the next field that applies, or the finished form. */
function next(state: FormConversationState, index: number, words: FormWords): FormStep {
  let i = index;
  while (i < state.fields.length && !applies(state.fields[i] as FormField, state.values)) i += 1;
  const field = state.fields[i];
  const moved = { ...state, index: i };
  if (!field) {
    const values = Object.fromEntries(
      state.fields.filter((f) => applies(f, state.values)).map((f) => [f.name, state.values[f.name] ?? f.value ?? '']),
    );
    return { status: 'done', state: moved, response: { type: 'form_response', formId: state.formId, values } };
  }
  return promptFor(field, moved, words);
}

/** The first question of a form. */
export function startForm(form: ContentOf<'form'>, words: FormWords = ENGLISH_FORM_WORDS): FormStep {
  return next({ formId: form.formId, fields: form.fields, index: 0, values: {} }, 0, words);
}

/** The customer's answer to the current question: the next question, the same one again, or the finished form. */
export function answerForm(
  state: FormConversationState,
  reply: ChoiceReply,
  validate: FieldValidator,
  words: FormWords = ENGLISH_FORM_WORDS,
): FormStep {
  const field = state.fields[state.index];
  if (!field) return next(state, state.index, words);
  const asked = promptFor(field, state, words);
  const offered = asked.status === 'asking' ? asked.offered : undefined;
  const choice = matchChoice(offered, reply);
  let raw: string;
  if (choice.matched && choice.option.payload === KEEP) raw = prefilled(field, state) ?? '';
  else if (choice.matched && choice.option.payload === SKIP) raw = '';
  else if (choice.matched) raw = choice.option.payload;
  else raw = reply.text ?? '';
  if (picked(field) && raw !== '' && !choice.matched) {
    return promptFor(field, state, words, words.retry(field, `${field.kind}.invalid`));
  }
  const checked = validate(field, raw, state.values);
  if (!checked.ok) return promptFor(field, state, words, words.retry(field, checked.key));
  const values = { ...state.values, [field.name]: checked.value };
  return next({ ...state, values }, state.index + 1, words);
}
