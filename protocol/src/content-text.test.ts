import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contentText, type ContentTextLabel } from './content-text.js';
import type { Content, CustomerContent } from './messages.js';

const form: CustomerContent = {
  type: 'form_response',
  formId: 'details',
  values: { name: 'Ada', phone: '+447700900123' },
};

describe('contentText', () => {
  test('what a customer sends reads as its own words', () => {
    assert.equal(contentText({ type: 'text', text: 'Hello' }), 'Hello');
    assert.equal(contentText({ type: 'postback', payload: 'agent', label: 'Talk to a person' }), 'Talk to a person');
  });

  test('form answers are labelled for an agent and bare for the customer who gave them', () => {
    assert.equal(contentText(form), 'name: Ada\nphone: +447700900123');
    assert.equal(contentText(form, { formValues: 'labelled' }), 'name: Ada\nphone: +447700900123');
    assert.equal(contentText(form, { formValues: 'values' }), 'Ada\n+447700900123');
    const partial = { ...form, values: { name: 'Ada', email: '', phone: '+447700900123' } };
    assert.equal(contentText(partial), 'name: Ada\nphone: +447700900123', 'an empty optional answer is left out');
    assert.equal(contentText(partial, { formValues: 'values' }), 'Ada\n+447700900123');
  });

  test('content without words is named in English by default, with what it carries', () => {
    const media = { url: 'https://example.com/x', mimeType: 'image/png' };
    const cases: Array<[Content, string]> = [
      [{ type: 'image', ...media, alt: 'A meter' }, 'Image: A meter'],
      [{ type: 'image', ...media, alt: '' }, 'Image'],
      [{ type: 'file', ...media, mimeType: 'application/pdf', name: 'bill.pdf' }, 'File: bill.pdf'],
      [
        { type: 'location', latitude: 51.5, longitude: -0.12, name: 'Depot', address: '1 High St' },
        'Location: Depot, 1 High St',
      ],
      [{ type: 'location', latitude: 51.5, longitude: -0.12 }, 'Location: 51.5, -0.12'],
      [
        {
          type: 'form',
          formId: 'f',
          title: 'Your details',
          fields: [{ name: 'n', kind: 'name', label: 'Name', required: true }],
        },
        'Form: Your details',
      ],
      [{ type: 'carousel', items: [{ title: 'Gas' }, { title: 'Power' }] }, 'Choices: Gas, Power'],
      [{ type: 'event', event: 'agent_joined' }, 'Event: agent_joined'],
    ];
    for (const [content, text] of cases) assert.equal(contentText(content), text, content.type);
  });

  test('a caller names wordless content in its own language', () => {
    const words: Record<ContentTextLabel, string> = {
      image: 'Image',
      file: 'Fichier',
      location: 'Lieu',
      form: 'Formulaire',
      carousel: 'Choix',
      event: 'Événement',
    };
    const label = (kind: ContentTextLabel, detail: string | undefined) =>
      detail ? `${words[kind]} : ${detail}` : words[kind];
    const file: Content = { type: 'file', url: 'https://example.com/f', mimeType: 'text/plain', name: 'notes.txt' };
    assert.equal(contentText(file, { label }), 'Fichier : notes.txt');
    assert.equal(contentText({ type: 'text', text: 'Bonjour' }, { label }), 'Bonjour');
  });
});
