import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientFrameSchema, ServerFrameSchema, type ClientFrame, type ServerFrame } from './frames.js';
import { ERRORS, ERROR_CODES, errorForCloseCode, isErrorCode } from './errors.js';
import { LIMITS } from './limits.js';
import type { Message } from './messages.js';
import { parseClientFrame, parseServerFrame } from './parse.js';
import { PROTOCOL_VERSION, protocolMajor } from './version.js';

const message: Message = {
  id: 'm-1',
  conversationId: 'c-1',
  seq: 1,
  clientMsgId: 'cm-1',
  author: { role: 'agent', id: '5001', name: 'Agent Smith' },
  content: {
    type: 'text',
    text: 'Hello',
    actions: [
      { type: 'reply', label: 'Yes', payload: 'yes' },
      { type: 'link', label: 'Docs', url: 'https://example.com/docs' },
    ],
  },
  channel: 'web',
  createdAt: 1_700_000_000_000,
};

/** One valid example of every client frame type. */
const CLIENT: ClientFrame[] = [
  { type: 'session.hello', v: PROTOCOL_VERSION },
  {
    type: 'session.hello',
    v: '1.0',
    token: 'a'.repeat(43),
    lastSeq: 5,
    conversationId: 'c-1',
    locale: 'fr-FR',
    page: { url: 'https://shop.example/p', title: 'P' },
    user: { name: 'Ada', email: 'a@example.com', phone: '+447911123456' },
  },
  { type: 'message.send', clientMsgId: 'c1', content: { type: 'text', text: 'hi' } },
  { type: 'message.send', clientMsgId: 'c2', content: { type: 'postback', payload: 'p', label: 'L' } },
  {
    type: 'message.send',
    clientMsgId: 'c3',
    content: { type: 'form_response', formId: 'contact', values: { phone: '+447911123456' } },
  },
  { type: 'typing', active: true },
  { type: 'history.fetch', requestId: 'r1', before: 'cursor', limit: 20 },
  { type: 'conversation.end' },
  { type: 'call.cancel', callId: 'call-1' },
  { type: 'ping', t: 1 },
];

/** One valid example of every server frame type. */
const SERVER: ServerFrame[] = [
  {
    type: 'session.welcome',
    v: PROTOCOL_VERSION,
    conversationId: 'c-1',
    token: 'a'.repeat(43),
    lastSeq: 0,
    replay: 'new',
    view: { status: 'queued', queue: { position: 2, estimatedWaitSeconds: 60 } },
    serverTime: 1,
    settings: { textMaxChars: 4096, defaultCountry: 'GB', locale: 'en' },
  },
  { type: 'message', message },
  {
    type: 'message',
    message: {
      ...message,
      author: { role: 'system' },
      content: { type: 'event', event: 'call_status', data: { callId: 'x', status: 'ringing', scheduledFor: null } },
    },
  },
  {
    type: 'message',
    message: {
      ...message,
      author: { role: 'bot' },
      content: {
        type: 'form',
        formId: 'f',
        fields: [{ name: 'phone', kind: 'phone', label: 'Phone', required: true, defaultCountry: 'GB' }],
      },
    },
  },
  { type: 'message.ack', clientMsgId: 'c1', messageId: 'm-1', seq: 1, duplicate: false },
  { type: 'typing', author: { role: 'agent', name: 'Agent Smith' }, active: true },
  {
    type: 'conversation.view',
    view: { status: 'voice_requested', call: { id: 'call-1', status: 'scheduled', scheduledFor: 2 } },
  },
  { type: 'history', requestId: 'r1', messages: [message], before: 'cursor' },
  { type: 'form.invalid', clientMsgId: 'c3', formId: 'contact', fields: { phone: 'phone.invalid' } },
  { type: 'error', code: 'PARLEY_ERR_RATE_LIMITED', message: 'slow down', retryable: true, clientMsgId: 'c1' },
  { type: 'pong', t: 1, serverTime: 2 },
];

describe('client frames', () => {
  test('every client frame type round-trips through JSON and the parser unchanged', () => {
    const types = new Set(CLIENT.map((f) => f.type));
    assert.equal(types.size, ClientFrameSchema._zod.def.options.length, 'the examples cover every client frame type');
    for (const frame of CLIENT) {
      const r = parseClientFrame(JSON.stringify(frame));
      assert.ok(r.ok, `${frame.type}: ${r.ok ? '' : r.detail}`);
      assert.deepEqual(r.value, frame);
    }
  });

  const rejections: Array<[string, string]> = [
    ['not json', 'PARLEY_ERR_BAD_JSON'],
    ['{"type":"ping"', 'PARLEY_ERR_BAD_JSON'],
    ['null', 'PARLEY_ERR_BAD_FRAME'],
    ['[]', 'PARLEY_ERR_BAD_FRAME'],
    ['"session.hello"', 'PARLEY_ERR_BAD_FRAME'],
    ['{}', 'PARLEY_ERR_UNKNOWN_TYPE'],
    ['{"type":"session.welcome"}', 'PARLEY_ERR_UNKNOWN_TYPE'],
    ['{"type":"toString"}', 'PARLEY_ERR_UNKNOWN_TYPE'],
    ['{"type":"ping","extra":true}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello"}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello","v":"1.0","lastSeq":-1}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello","v":"1.0","lastSeq":1.5}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello","v":"1.0","lastSeq":9007199254740993}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello","v":"1.0","token":"short"}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"session.hello","v":"1.0","token":"aaaaaaaaaaaaaaaaaaaa aaaa"}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"message.send","content":{"type":"text","text":"x"}}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"message.send","clientMsgId":"","content":{"type":"text","text":"x"}}', 'PARLEY_ERR_BAD_FRAME'],
    [
      `{"type":"message.send","clientMsgId":"${'i'.repeat(65)}","content":{"type":"text","text":"x"}}`,
      'PARLEY_ERR_BAD_FRAME',
    ],
    ['{"type":"message.send","clientMsgId":"a","content":{"type":"text","text":""}}', 'PARLEY_ERR_BAD_FRAME'],
    [
      `{"type":"message.send","clientMsgId":"a","content":{"type":"text","text":"${'x'.repeat(LIMITS.textMaxChars + 1)}"}}`,
      'PARLEY_ERR_TEXT_TOO_LONG',
    ],
    [
      '{"type":"message.send","clientMsgId":"a","content":{"type":"image","url":"https://x/y.png","mimeType":"image/png"}}',
      'PARLEY_ERR_BAD_FRAME',
    ],
    [
      '{"type":"message.send","clientMsgId":"a","content":{"type":"event","event":"agent_joined"}}',
      'PARLEY_ERR_BAD_FRAME',
    ],
    [
      '{"type":"message.send","clientMsgId":"a","content":{"type":"text","text":"x","actions":[]}}',
      'PARLEY_ERR_BAD_FRAME',
    ],
    ['{"type":"typing","active":"yes"}', 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"history.fetch","requestId":"r","limit":0}', 'PARLEY_ERR_BAD_FRAME'],
    [`{"type":"history.fetch","requestId":"r","limit":${LIMITS.historyPageMax + 1}}`, 'PARLEY_ERR_BAD_FRAME'],
    ['{"type":"ping","__proto__":{"admin":true}}', 'PARLEY_ERR_BAD_JSON'],
    ['{"type":"ping","constructor":{"prototype":{}}}', 'PARLEY_ERR_BAD_JSON'],
    [`{"type":"ping","t":${'['.repeat(20)}${']'.repeat(20)}}`, 'PARLEY_ERR_BAD_FRAME'],
    [`{"type":"ping","pad":"${'x'.repeat(LIMITS.frameMaxBytes)}"}`, 'PARLEY_ERR_PAYLOAD_TOO_LARGE'],
  ];
  for (const [raw, code] of rejections) {
    test(`rejects ${raw.slice(0, 70)} with ${code}`, () => {
      const r = parseClientFrame(raw);
      assert.equal(r.ok, false);
      assert.equal(r.ok ? undefined : r.code, code);
    });
  }

  test('the parser never throws, whatever the input', () => {
    const inputs = [
      '',
      ' ',
      '\u0000',
      '1e309',
      '-0',
      'true',
      '{"type":1}',
      '{"type":null}',
      '{"type":{}}',
      '\ud800',
      '{"type":"message.send","clientMsgId":"a","content":null}',
    ];
    for (const raw of inputs) assert.equal(parseClientFrame(raw).ok, false, JSON.stringify(raw));
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'admin'), false);
  });

  test('unsafe link schemes never pass', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      const frame = {
        type: 'message',
        message: { ...message, content: { type: 'text', text: 'x', actions: [{ type: 'link', label: 'l', url }] } },
      };
      assert.equal(parseServerFrame(JSON.stringify(frame)).ok, false, url);
    }
  });
});

describe('server frames', () => {
  test('every server frame type round-trips through JSON and the parser unchanged', () => {
    const types = new Set(SERVER.map((f) => f.type));
    assert.equal(types.size, ServerFrameSchema._zod.def.options.length, 'the examples cover every server frame type');
    for (const frame of SERVER) {
      const r = parseServerFrame(JSON.stringify(frame));
      assert.ok(r.ok, `${frame.type}: ${r.ok ? '' : r.detail}`);
      assert.deepEqual(r.value, frame);
    }
  });

  test('rejects unknown types, unknown statuses and extra keys', () => {
    const welcome = SERVER[0] as ServerFrame;
    const bad = [
      '{"type":"session.hello","v":"1.0"}',
      JSON.stringify({ ...welcome, replay: 'maybe' }),
      JSON.stringify({ type: 'conversation.view', view: { status: 'thinking' } }),
      JSON.stringify({ type: 'message.ack', clientMsgId: 'c', messageId: 'm', seq: 0, duplicate: false, extra: 1 }),
      JSON.stringify({ type: 'message', message: { ...message, seq: 0 } }),
      JSON.stringify({ type: 'message', message: { ...message, author: { role: 'admin' } } }),
    ];
    for (const raw of bad) assert.equal(parseServerFrame(raw).ok, false, raw.slice(0, 80));
  });
});

describe('error catalogue and version', () => {
  test('every code is PARLEY_ERR_*, has an HTTP status, and close codes are unique and in 4000-4999', () => {
    const closeCodes = new Set<number>();
    for (const code of ERROR_CODES) {
      const spec = ERRORS[code];
      assert.match(code, /^PARLEY_ERR_[A-Z_]+$/);
      assert.ok(spec.status >= 400 && spec.status < 600, code);
      assert.ok(spec.message.length > 0);
      if (spec.closeCode !== undefined) {
        assert.ok(spec.closeCode >= 4000 && spec.closeCode <= 4999, code);
        assert.ok(!closeCodes.has(spec.closeCode), `duplicate close code ${spec.closeCode}`);
        closeCodes.add(spec.closeCode);
        assert.equal(errorForCloseCode(spec.closeCode), code);
      }
    }
    assert.equal(errorForCloseCode(1000), undefined);
    assert.ok(isErrorCode('PARLEY_ERR_FLOOD'));
    assert.ok(!isErrorCode('toString'));
  });

  test('protocol major version parsing', () => {
    assert.equal(protocolMajor(PROTOCOL_VERSION), 1);
    assert.equal(protocolMajor('2.7'), 2);
    assert.equal(protocolMajor('x'), -1);
    assert.equal(protocolMajor(''), -1);
  });
});
