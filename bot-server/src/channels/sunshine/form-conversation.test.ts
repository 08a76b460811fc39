import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContentOf, FormField } from '@parley/protocol';
import { answerForm, startForm, type FieldValidator, type FormStep } from './form-conversation.js';

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
});
