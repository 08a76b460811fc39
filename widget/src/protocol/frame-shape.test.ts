import { expect } from '@open-wc/testing';
import { parseServerFrame as zodParse, ServerFrameSchema, type Message, type ServerFrame } from '@parley/protocol';
import { parseServerFrame } from './parse-server-frame.js';
import { SERVER_FRAME_SHAPE } from './server-frame-shape.js';
import { zodShape } from './zod-shape.js';

const message: Message = {
  id: 'm-1',
  conversationId: 'c-1',
  seq: 3,
  clientMsgId: 'c1',
  author: { role: 'bot', id: 'bot', name: 'Parley' },
  content: {
    type: 'text',
    text: 'Hello',
    actions: [
      { type: 'reply', label: 'Yes', payload: 'yes' },
      { type: 'link', label: 'Site', url: 'https://example.com/' },
    ],
  },
  channel: 'web',
  createdAt: 1,
};
const content = (c: Message['content']): ServerFrame => ({ type: 'message', message: { ...message, content: c } });
const media = { url: 'https://example.com/a.png', mimeType: 'image/png', size: 10, scan: 'clean' as const };

/** Valid frames covering every server frame type and every content type, with their optional parts. */
const VALID: ServerFrame[] = [
  {
    type: 'session.welcome',
    v: '1.0',
    conversationId: 'c-1',
    token: 'a'.repeat(43),
    lastSeq: 0,
    replay: 'new',
    view: {
      status: 'queued',
      queue: { position: 2, estimatedWaitSeconds: 60 },
      agents: [{ id: 'a', name: 'Ann' }],
      call: { id: 'k', status: 'scheduled', phone: '+44', scheduledFor: 2 },
    },
    serverTime: 1,
    settings: { textMaxChars: 4096, defaultCountry: 'GB', locale: 'en' },
  },
  { type: 'message', message },
  content({ type: 'postback', payload: 'p', label: 'P' }),
  content({
    type: 'form',
    formId: 'f',
    title: 'Details',
    submitLabel: 'Send',
    fields: [
      {
        name: 'phone',
        kind: 'phone',
        label: 'Phone',
        required: true,
        defaultCountry: 'GB',
        value: '+44',
        maxLength: 20,
      },
      {
        name: 'when',
        kind: 'choice',
        label: 'When',
        required: false,
        options: [{ value: 'now', label: 'Now' }],
        onlyWhen: { field: 'phone', value: 'x' },
        placeholder: 'p',
      },
    ],
  }),
  content({ type: 'form_response', formId: 'f', values: { phone: '+44' } }),
  content({ type: 'event', event: 'call_status', data: { callId: 'x', n: 1, ok: true, at: null } }),
  content({ type: 'image', ...media, alt: 'a', width: 10, height: 20 }),
  content({ type: 'file', ...media, name: 'a.pdf' }),
  content({ type: 'location', latitude: 51.5, longitude: -0.1, name: 'Office', address: 'Street' }),
  content({
    type: 'carousel',
    items: [
      {
        title: 'T',
        subtitle: 's',
        imageUrl: 'https://example.com/i.png',
        actions: [{ type: 'postback', label: 'Go', payload: 'go' }],
      },
    ],
  }),
  { type: 'message.ack', clientMsgId: 'c1', messageId: 'm-1', seq: 1, duplicate: false },
  { type: 'typing', author: { role: 'agent', name: 'Agent Smith' }, active: true },
  { type: 'conversation.view', view: { status: 'voice_requested' } },
  { type: 'history', requestId: 'r1', messages: [message], before: 'cursor' },
  { type: 'form.invalid', clientMsgId: 'c3', formId: 'contact', fields: { phone: 'phone.invalid' } },
  { type: 'error', code: 'X', message: 'slow down', retryable: true, clientMsgId: 'c1', requestId: 'r' },
  { type: 'pong', t: 1, serverTime: 2 },
];

/** Values that break some rule: wrong types, empty, too long, out of range, not an integer, unsafe URLs. */
const WRONG: unknown[] = [null, true, 0, -1, 1.5, 91, 1e20, '', 'x'.repeat(5000), 'javascript:alert(1)', '!', [], {}];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every variant of `v` with one change: a value replaced, a key removed, an unknown key added. */
function* mutations(v: Json): Generator<Json> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++)
      for (const m of [...mutations(v[i] as Json), ...(WRONG as Json[])]) yield v.map((x, j) => (j === i ? m : x));
    yield [...v, ...v, ...v, ...v, ...v, ...v, ...v, ...v, ...v, ...v, ...v, ...v];
    yield [];
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      for (const m of [...mutations(v[k] as Json), ...(WRONG as Json[])]) yield { ...v, [k]: m };
      const { [k]: _, ...rest } = v;
      yield rest;
    }
    yield { ...v, extra: 1 };
  }
}

describe('the widget frame check', () => {
  it('is generated from the current ServerFrameSchema (else run widget/src/protocol/gen-frame-shape.ts)', () => {
    expect(SERVER_FRAME_SHAPE).to.deep.equal(zodShape(ServerFrameSchema));
  });

  it('covers every server frame type in these tests', () => {
    const types = new Set(VALID.map((f) => f.type));
    expect(types.size).to.equal(SERVER_FRAME_SHAPE[2].length);
  });

  it('gives the same verdict and code as the protocol zod parser on valid frames and every one-change variant', () => {
    let compared = 0;
    let refused = 0;
    for (const frame of VALID) {
      const json = frame as unknown as Json;
      for (const variant of [json, ...mutations(json)]) {
        const raw = JSON.stringify(variant);
        const ours = parseServerFrame(raw);
        const theirs = zodParse(raw);
        expect(ours.ok, raw).to.equal(theirs.ok);
        if (ours.ok && theirs.ok) expect(ours.value, raw).to.deep.equal(theirs.value);
        if (!ours.ok && !theirs.ok) expect(ours.code, raw).to.equal(theirs.code);
        compared++;
        if (!ours.ok) refused++;
      }
    }
    // The variants do exercise both verdicts (a test that could not fail would compare nothing).
    expect(compared).to.be.greaterThan(3000);
    expect(refused).to.be.greaterThan(compared / 2);
  });

  it('refuses bad JSON, prototype keys and unknown frame types with their codes', () => {
    const code = (raw: string) => {
      const r = parseServerFrame(raw);
      return r.ok ? 'ok' : r.code;
    };
    expect(code('{')).to.equal('PARLEY_ERR_BAD_JSON');
    expect(code('{"type":"pong","serverTime":1,"__proto__":{}}')).to.equal('PARLEY_ERR_BAD_JSON');
    expect(code('{"type":"nope"}')).to.equal('PARLEY_ERR_UNKNOWN_TYPE');
    expect(code('[1]')).to.equal('PARLEY_ERR_UNKNOWN_TYPE');
    expect(code('{"type":"pong","serverTime":1}')).to.equal('ok');
  });
});
