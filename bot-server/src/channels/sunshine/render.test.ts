import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Content, ContentOf } from '@parley/protocol';
import type { SunshineContent } from './bodies.js';
import { CAPABILITIES } from './capabilities.js';
import { carouselText, render, renderActivity, splitText } from './render.js';

const CHAT_OR_VOICE: Content = {
  type: 'text',
  text: 'Talk to an agent using:',
  actions: [
    { type: 'postback', label: 'Chat', payload: 'escalate:chat' },
    { type: 'postback', label: 'Voice', payload: 'escalate:voice' },
  ],
};

describe('render: choices', () => {
  test('WhatsApp: Chat | Voice become reply buttons (no postback buttons there)', () => {
    const r = render(CHAT_OR_VOICE, CAPABILITIES.whatsapp);
    assert.deepEqual(r.contents, [
      {
        type: 'text',
        text: 'Talk to an agent using:',
        actions: [
          { type: 'reply', text: 'Chat', payload: 'escalate:chat' },
          { type: 'reply', text: 'Voice', payload: 'escalate:voice' },
        ],
      },
    ]);
    assert.deepEqual(
      r.offered?.options.map((o) => o.label),
      ['Chat', 'Voice'],
    );
    assert.equal(r.messages[0]?.v1.role, 'appMaker');
    assert.deepEqual(r.messages[0]?.v2, { author: { type: 'business' }, content: r.contents[0] });
  });

  test('Messenger and X keep postback buttons', () => {
    for (const caps of [CAPABILITIES.messenger, CAPABILITIES.twitter]) {
      const c: SunshineContent | undefined = render(CHAT_OR_VOICE, caps).contents[0];
      assert.ok(c?.type === 'text');
      assert.deepEqual(
        c.actions?.map((a) => a.type),
        ['postback', 'postback'],
      );
    }
  });

  test('more choices than the channel has buttons: numbered text, still answerable', () => {
    const many: Content = {
      type: 'text',
      text: 'Pick a topic',
      actions: Array.from({ length: 12 }, (_, i) => ({
        type: 'reply' as const,
        label: `Topic ${i + 1}`,
        payload: `t${i}`,
      })),
    };
    const [c] = render(many, CAPABILITIES.whatsapp).contents;
    assert.ok(c?.type === 'text');
    assert.equal(c.actions, undefined);
    assert.match(c.text, /^Pick a topic\n\n1\. Topic 1\n2\. Topic 2\n/);
    assert.match(c.text, /12\. Topic 12$/);
    assert.equal(render(many, CAPABILITIES.whatsapp).offered?.options.length, 12);
  });

  test('labels are cut to the channel limit, payloads kept', () => {
    const long: Content = {
      type: 'text',
      text: 'Choose',
      actions: [{ type: 'reply', label: 'A very long label that goes on and on', payload: 'LONG' }],
    };
    const [c] = render(long, CAPABILITIES.whatsapp).contents;
    assert.ok(c?.type === 'text');
    assert.equal(c.actions?.[0]?.text.length, 20);
    assert.equal(c.actions?.[0]?.type === 'reply' && c.actions[0].payload, 'LONG');
  });

  test('links: buttons on Messenger, inline on WhatsApp and beside reply buttons', () => {
    const withLink: Content = {
      type: 'text',
      text: 'Our opening hours',
      actions: [{ type: 'link', label: 'Details', url: 'https://example.com/hours' }],
    };
    const [m] = render(withLink, CAPABILITIES.messenger).contents;
    assert.deepEqual(m, {
      type: 'text',
      text: 'Our opening hours',
      actions: [{ type: 'link', text: 'Details', uri: 'https://example.com/hours' }],
    });
    const [w] = render(withLink, CAPABILITIES.whatsapp).contents;
    assert.deepEqual(w, { type: 'text', text: 'Our opening hours\n\nDetails: https://example.com/hours' });
    const mixed: Content = {
      type: 'text',
      text: 'Anything else?',
      actions: [
        { type: 'reply', label: 'Yes', payload: 'y' },
        { type: 'link', label: 'FAQ', url: 'https://example.com/faq' },
      ],
    };
    const [x] = render(mixed, CAPABILITIES.messenger).contents;
    assert.ok(x?.type === 'text');
    assert.match(x.text, /FAQ: https:\/\/example.com\/faq$/);
    assert.deepEqual(
      x.actions?.map((a) => a.type),
      ['reply'],
    );
  });

  test('a location request: a location button on X (beside replies only), the words alone where there is none', () => {
    const ask: Content = {
      type: 'text',
      text: 'Where are you?',
      actions: [{ type: 'location_request', label: 'Share my location' }],
    };
    const [x] = render(ask, CAPABILITIES.twitter).contents;
    assert.deepEqual(x, {
      type: 'text',
      text: 'Where are you?',
      actions: [{ type: 'locationRequest', text: 'Share my location' }],
    });
    for (const caps of [CAPABILITIES.whatsapp, CAPABILITIES.messenger])
      assert.deepEqual(render(ask, caps).contents, [{ type: 'text', text: 'Where are you?' }]);
    const withPostbacks: Content = {
      ...ask,
      actions: [...(ask.actions ?? []), { type: 'postback', label: 'Skip', payload: 'skip' }],
    };
    const [p] = render(withPostbacks, CAPABILITIES.twitter).contents;
    assert.ok(p?.type === 'text');
    assert.deepEqual(
      p.actions?.map((a) => a.type),
      ['postback'],
    );
  });

  test('Messenger HUMAN_AGENT tag and the sender name go into both versions', () => {
    const r = render({ type: 'text', text: 'Hello' }, CAPABILITIES.messenger, { tag: 'HUMAN_AGENT', name: 'Ann' });
    const tag = {
      messenger: { payload: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Hello' } } },
    };
    assert.deepEqual(r.messages[0]?.v1, { role: 'appMaker', type: 'text', text: 'Hello', name: 'Ann', override: tag });
    assert.deepEqual(r.messages[0]?.v2, {
      author: { type: 'business', displayName: 'Ann' },
      content: { type: 'text', text: 'Hello' },
      override: tag,
    });
  });
});

describe('render: rich content', () => {
  const carousel: ContentOf<'carousel'> = {
    type: 'carousel',
    items: [
      {
        title: 'Tacos',
        subtitle: 'Get your tacos today!',
        imageUrl: 'https://example.org/t.jpg',
        actions: [
          { type: 'postback', label: 'Select', payload: 'TACOS' },
          { type: 'link', label: 'More info', url: 'https://example.org/tacos' },
        ],
      },
      { title: 'Ramen', actions: [{ type: 'postback', label: 'Select', payload: 'RAMEN' }] },
    ],
  };

  test('carousel: numbered raw text on WhatsApp and X, answerable by number', () => {
    const expected = '1. Tacos\nGet your tacos today!\nMore info https://example.org/tacos\n\n2. Ramen';
    assert.equal(carouselText(carousel), expected);
    for (const caps of [CAPABILITIES.whatsapp, CAPABILITIES.twitter]) {
      const r = render(carousel, caps);
      assert.deepEqual(r.contents, [{ type: 'text', text: expected }]);
      assert.deepEqual(r.offered, {
        options: [
          { label: 'Tacos', payload: 'TACOS' },
          { label: 'Ramen', payload: 'RAMEN' },
        ],
      });
    }
  });

  test('carousel: real cards on Messenger', () => {
    const [c] = render(carousel, CAPABILITIES.messenger).contents;
    assert.ok(c?.type === 'carousel');
    assert.deepEqual(c.items[0], {
      title: 'Tacos',
      description: 'Get your tacos today!',
      mediaUrl: 'https://example.org/t.jpg',
      actions: [
        { type: 'postback', text: 'Select', payload: 'TACOS' },
        { type: 'link', text: 'More info', uri: 'https://example.org/tacos' },
      ],
    });
  });

  test('image, file (a link on X) and location (a maps link)', () => {
    const image: Content = { type: 'image', url: 'https://e.org/a.png', mimeType: 'image/png', alt: 'A map' };
    assert.deepEqual(render(image, CAPABILITIES.whatsapp).contents, [
      { type: 'image', mediaUrl: 'https://e.org/a.png', mediaType: 'image/png', altText: 'A map' },
    ]);
    const file: Content = { type: 'file', url: 'https://e.org/f.pdf', mimeType: 'application/pdf', name: 'f.pdf' };
    assert.equal(render(file, CAPABILITIES.messenger).contents[0]?.type, 'file');
    assert.deepEqual(render(file, CAPABILITIES.twitter).contents, [
      { type: 'text', text: 'f.pdf: https://e.org/f.pdf' },
    ]);
    const place: Content = { type: 'location', latitude: 51.5, longitude: -0.12, name: 'Office' };
    assert.deepEqual(render(place, CAPABILITIES.whatsapp).contents, [
      { type: 'text', text: '📍 Office\nhttps://maps.google.com/maps?q=51.5,-0.12' },
    ]);
  });

  test('long text is split at the channel limit, on a word break', () => {
    const text = `${'word '.repeat(500)}end`;
    const r = render({ type: 'text', text }, CAPABILITIES.messenger);
    assert.equal(r.contents.length, 2);
    for (const c of r.contents) assert.ok(c.type === 'text' && c.text.length <= 2000);
    assert.deepEqual(splitText('abc', 10), ['abc']);
    assert.deepEqual(splitText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  });

  test('events are sent only with words for them', () => {
    const event: Content = { type: 'event', event: 'agent_joined', data: { name: 'Ann' } };
    assert.deepEqual(render(event, CAPABILITIES.whatsapp).contents, []);
    const r = render(event, CAPABILITIES.whatsapp, { eventText: (e) => `${String(e.data?.['name'])} joined the chat` });
    assert.deepEqual(r.contents, [{ type: 'text', text: 'Ann joined the chat' }]);
  });

  test('a form: its title, then the first question, with the state to carry on', () => {
    const form: Content = {
      type: 'form',
      formId: 'contact',
      title: 'Your details',
      fields: [
        { name: 'name', kind: 'name', label: 'Your name', required: true },
        { name: 'phone', kind: 'phone', label: 'Phone number', required: true, value: '+447400123456' },
      ],
    };
    const r = render(form, CAPABILITIES.whatsapp);
    assert.deepEqual(r.contents, [
      { type: 'text', text: 'Your details' },
      { type: 'text', text: 'Your name' },
    ]);
    assert.equal(r.form?.index, 0);
  });
});

describe('renderActivity', () => {
  test('typing only where the channel shows it; read marks where it has receipts', () => {
    assert.equal(renderActivity('typing:start', CAPABILITIES.whatsapp), undefined);
    assert.equal(renderActivity('typing:start', CAPABILITIES.twitter), undefined);
    assert.equal(renderActivity('typing:start', CAPABILITIES.messenger), 'typing:start');
    assert.equal(renderActivity('conversation:read', CAPABILITIES.whatsapp), 'conversation:read');
    assert.equal(renderActivity('conversation:read', CAPABILITIES.twitter), undefined);
  });
});
