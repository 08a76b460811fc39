import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContentOf, FormField } from '@parley/protocol';
import { UTC } from '../../time/zone.js';
import { formFieldValidator } from '../messaging/field-validator.js';
import { answerForm, startForm, type FieldValidator, type FormStep } from './form-conversation.js';
import { ENGLISH_FORM_WORDS, FRENCH_FORM_WORDS, formWords } from './form-words.js';

/** A stand-in for bot/validators.ts: names need a letter, phones normalise to E.164 (UK only). */
const validate: FieldValidator = (field: FormField, raw: string) => {
  const v = raw.trim();
  if (v === '') return field.required ? { ok: false, key: `${field.kind}.required` } : { ok: true, value: '' };
  if (field.kind === 'phone') {
    const digits = v.replace(/[\s()-]/g, '');
    if (/^07\d{9}$/.test(digits)) return { ok: true, value: `+44${digits.slice(1)}` };
    if (/^\+\d{10,15}$/.test(digits)) return { ok: true, value: digits };
    return { ok: false, key: 'phone.invalid' };
  }
  if (field.kind === 'name' && !/\p{L}/u.test(v)) return { ok: false, key: 'name.invalid' };
  if (field.kind === 'choice' && !field.options?.some((o) => o.value === v))
    return { ok: false, key: 'choice.invalid' };
  return { ok: true, value: v };
};

const CONTACT: ContentOf<'form'> = {
  type: 'form',
  formId: 'contact',
  fields: [
    { name: 'name', kind: 'name', label: 'Your name', required: true },
    { name: 'phone', kind: 'phone', label: 'Phone number', required: true },
  ],
};

function asking(step: FormStep): Extract<FormStep, { status: 'asking' }> {
  assert.ok(step.status === 'asking', 'expected a question');
  return step;
}

describe('form conversation', () => {
  test('one question per reply, then the form_response', () => {
    const first = asking(startForm(CONTACT));
    assert.equal(first.prompt.text, 'Your name');
    const second = asking(answerForm(first.state, { text: 'Ada Lovelace' }, validate));
    assert.equal(second.prompt.text, 'Phone number');
    const done = answerForm(second.state, { text: '07400 123456' }, validate);
    assert.equal(done.status, 'done');
    assert.ok(done.status === 'done');
    assert.deepEqual(done.response, {
      type: 'form_response',
      formId: 'contact',
      values: { name: 'Ada Lovelace', phone: '+447400123456' },
    });
  });

  test('an invalid phone gets a kind retry and the same question', () => {
    const s1 = asking(answerForm(asking(startForm(CONTACT)).state, { text: 'Ada' }, validate));
    const retry = asking(answerForm(s1.state, { text: '12' }, validate));
    assert.equal(retry.state.index, 1);
    assert.match(retry.prompt.text, /^Sorry, that doesn't look like a phone number/);
    assert.match(retry.prompt.text, /Phone number$/);
    const done = answerForm(retry.state, { text: '+33612345678' }, validate);
    assert.ok(done.status === 'done' && done.response.values['phone'] === '+33612345678');
  });

  test('a number the channel gave is confirmed, not asked: Yes keeps it, typing replaces it', () => {
    const form: ContentOf<'form'> = {
      ...CONTACT,
      fields: [{ name: 'phone', kind: 'phone', label: 'Phone number', required: true, value: '+447400123456' }],
    };
    const ask = asking(startForm(form));
    assert.match(ask.prompt.text, /^Phone number: \+447400123456\nIs that right\?/);
    assert.deepEqual(ask.prompt.actions?.[0], { type: 'reply', label: 'Yes', payload: 'parley:form:keep' });
    for (const reply of [{ text: 'yes' }, { text: '1' }, { text: 'Yes', payload: 'parley:form:keep' }]) {
      const kept = answerForm(ask.state, reply, validate);
      assert.ok(kept.status === 'done' && kept.response.values['phone'] === '+447400123456', JSON.stringify(reply));
    }
    const changed = answerForm(ask.state, { text: '07700 900123' }, validate);
    assert.ok(changed.status === 'done' && changed.response.values['phone'] === '+447700900123');
  });

  test('choices by number or label, optional fields skippable, onlyWhen fields asked only when they apply', () => {
    const form: ContentOf<'form'> = {
      type: 'form',
      formId: 'callback',
      fields: [
        {
          name: 'when',
          kind: 'choice',
          label: 'When?',
          required: true,
          options: [
            { value: 'now', label: 'Call me now' },
            { value: 'later', label: 'At a time I choose' },
          ],
        },
        {
          name: 'callAt',
          kind: 'datetime',
          label: 'Date and time',
          required: true,
          onlyWhen: { field: 'when', value: 'later' },
        },
        { name: 'note', kind: 'text', label: 'Anything to add', required: false },
      ],
    };
    const ask = asking(startForm(form));
    assert.deepEqual(
      ask.offered?.options.map((o) => o.label),
      ['Call me now', 'At a time I choose'],
    );
    const wrong = asking(answerForm(ask.state, { text: 'tomorrow' }, validate));
    assert.match(wrong.prompt.text, /^Please pick one of the options/);
    const note = asking(answerForm(ask.state, { text: '1' }, validate));
    assert.equal(note.prompt.text, 'Anything to add (optional)');
    const done = answerForm(note.state, { text: 'skip' }, validate);
    assert.ok(done.status === 'done');
    assert.deepEqual(done.response.values, { when: 'now', note: '' });
    const later = asking(answerForm(ask.state, { text: 'at a time I choose' }, validate));
    assert.equal(later.prompt.text, 'Date and time');
  });

  test('the details step on a messaging channel: the e-mail may be skipped, the consent box is a Yes or No question', () => {
    const real = formFieldValidator({ defaultCountry: 'GB', zone: UTC, now: () => 0, maxFutureMs: 86_400_000 });
    const form: ContentOf<'form'> = {
      type: 'form',
      formId: 'contact',
      fields: [
        { name: 'email', kind: 'email', label: 'Email address', required: false },
        { name: 'consent', kind: 'checkbox', label: 'You may contact me by email', required: false, value: 'yes' },
      ],
    };
    const email = asking(startForm(form));
    assert.equal(email.prompt.text, 'Email address (optional)');
    const typo = asking(answerForm(email.state, { text: 'ann@' }, real));
    assert.match(typo.prompt.text, /^Sorry, that doesn't look like an email address/);
    const consent = asking(answerForm(typo.state, { text: 'Ann@Example.com' }, real));
    // Asked afresh even though the flow prefilled it: a consent is given, not confirmed.
    assert.equal(consent.prompt.text, 'You may contact me by email?\nPlease answer Yes or No.');
    assert.deepEqual(consent.prompt.actions, [
      { type: 'reply', label: 'Yes', payload: 'yes' },
      { type: 'reply', label: 'No', payload: 'no' },
    ]);
    const unclear = asking(answerForm(consent.state, { text: 'maybe later' }, real));
    assert.match(unclear.prompt.text, /^Please answer Yes or No\./);
    const yes = answerForm(unclear.state, { text: 'yes' }, real);
    assert.ok(yes.status === 'done');
    assert.deepEqual(yes.response.values, { email: 'Ann@example.com', consent: 'yes' });
    const no = answerForm(consent.state, { payload: 'no' }, real);
    assert.ok(no.status === 'done');
    assert.equal(no.response.values['consent'], 'no');
    const skipped = asking(answerForm(email.state, { text: 'skip' }, real));
    assert.equal(skipped.state.values['email'], '');
  });
});

const phones: FieldValidator = (field: FormField, raw: string) =>
  field.kind !== 'phone' || raw === '' || /^\+33\d{9}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, key: 'phone.too_short' };

const FRENCH_CONTACT: ContentOf<'form'> = {
  type: 'form',
  formId: 'contact',
  fields: [
    { name: 'phone', kind: 'phone', label: 'Numéro de téléphone', required: false, value: '+33612345678' },
    { name: 'consent', kind: 'checkbox', label: 'Vous pouvez me contacter', required: false },
  ],
};

describe('form words', () => {
  test("the conversation's language picks the words: fr and its regions French, anything else English", () => {
    for (const l of ['fr', 'fr-FR', 'fr-CA', 'FR']) assert.equal(formWords(l), FRENCH_FORM_WORDS, l);
    for (const l of ['en', 'en-GB', 'de-DE', '', undefined]) assert.equal(formWords(l), ENGLISH_FORM_WORDS, l);
  });

  test('French: confirm, retry, Oui / Passer / Non, and the answers typed in French or by number', () => {
    const fr = FRENCH_FORM_WORDS;
    const phone = asking(startForm(FRENCH_CONTACT, fr));
    assert.equal(
      phone.prompt.text,
      'Numéro de téléphone : +33612345678\nEst-ce bien cela ? Touchez Oui, ou écrivez la bonne réponse.',
    );
    assert.deepEqual(
      phone.prompt.actions?.map((a) => a.label),
      ['Oui', 'Passer'],
    );
    const retry = asking(answerForm(phone.state, { text: '12' }, phones, fr));
    assert.match(retry.prompt.text, /^Désolé, ce numéro de téléphone ne semble pas utilisable\. .*\n\nNuméro de/s);
    for (const keep of ['oui', 'Oui.', '1']) {
      const consent = asking(answerForm(retry.state, { text: keep }, phones, fr));
      assert.equal(consent.prompt.text, 'Vous pouvez me contacter ?\nRépondez Oui ou Non.', keep);
      const no = answerForm(consent.state, { text: 'non' }, phones, fr);
      assert.ok(no.status === 'done');
      assert.deepEqual(no.response.values, { phone: '+33612345678', consent: 'no' });
    }
    const skipped = asking(answerForm(phone.state, { text: 'passer' }, phones, fr));
    assert.equal(skipped.state.values['phone'], '');
  });

  test('a required field left empty names the field, in each language', () => {
    const field: FormField = { name: 'name', kind: 'name', label: 'Votre nom', required: true };
    assert.equal(FRENCH_FORM_WORDS.retry(field, 'name.required'), 'J’en ai besoin pour continuer : Votre nom.');
    assert.equal(
      ENGLISH_FORM_WORDS.retry({ ...field, label: 'Your name' }, 'name.required'),
      'I need this to go on: Your name.',
    );
  });
});
