import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { MAX_SOCKETS_PER_CONVERSATION } from '../../bot-server/src/transport/ws-gateway.js';
import { startTestServer } from './support/test-server.js';
import { connect, join } from './support/ws-client.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('websocket gateway over real sockets', () => {
  let s: Server;
  before(async () => {
    s = await startTestServer({ ALLOWED_ORIGINS: 'https://allowed.com', WS_RATE_LIMIT_PER_10S: '20' });
  });
  after(() => s.close());

  const countCustomerMessages = async (conversationId: string) =>
    (await s.store.listMessages(conversationId)).filter((m) => m.author.role === 'customer').length;

  test('hello on a new conversation: welcome, then the bot greeting', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    assert.equal(welcome.replay, 'new');
    assert.equal(welcome.view.status, 'bot');
    const greeting = await c.next('message', (f) => f.message.author.role === 'bot');
    assert.equal(greeting.message.seq, 1);
    await c.close();
  });

  test('foreign origins are closed with 4031 (PARLEY_ERR_ORIGIN_FORBIDDEN) at once: no frame is answered', async () => {
    const refused: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Origin: 'https://allowed.com.evil.com' },
      { Origin: 'https://evil.com/allowed.com' },
      { Origin: 'null' },
      { Origin: 'HTTPS://ALLOWED.COM' },
      { Origin: 'http://allowed.com' },
      {},
    ];
    for (const headers of refused) {
      const c = await connect(s.wsUrl, headers);
      c.send({ type: 'session.hello', v: PROTOCOL_VERSION });
      assert.deepEqual(await c.closed, { code: 4031, reason: 'PARLEY_ERR_ORIGIN_FORBIDDEN' }, JSON.stringify(headers));
      assert.equal(c.frames.length, 0, 'nothing answered');
    }
    const ok = await connect(s.wsUrl, { Origin: 'https://allowed.com' });
    await ok.close();
  });

  test('an unknown path is not upgraded', async () => {
    await assert.rejects(
      connect(`${s.url.replace('http', 'ws')}/other`, { Origin: s.origin }),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });

  test('resume replays exactly the missed messages', async () => {
    const a = await join(s.wsUrl, s.origin);
    await a.c.next('message', (f) => f.message.seq === 1);
    a.c.send({ type: 'message.send', clientMsgId: 'r-1', content: { type: 'text', text: 'first' } });
    await a.c.next('message', (f) => f.message.seq === 3);
    await a.c.close();
    // While away: two more exchanges from another tab.
    const b = await join(s.wsUrl, s.origin, { token: a.welcome.token });
    b.c.send({ type: 'message.send', clientMsgId: 'r-2', content: { type: 'text', text: 'second' } });
    await b.c.next('message', (f) => f.message.seq === 5);
    await b.c.close();
    const r = await join(s.wsUrl, s.origin, {
      token: a.welcome.token,
      lastSeq: 3,
      conversationId: a.welcome.conversationId,
    });
    assert.equal(r.welcome.replay, 'delta');
    assert.equal(r.welcome.lastSeq, 5);
    await r.c.next('message', (f) => f.message.seq === 5);
    const replayed = r.c.frames.flatMap((f) => (f.type === 'message' ? [f.message.seq] : []));
    assert.deepEqual(replayed, [4, 5]);
    await r.c.close();
  });

  test('a clientMsgId sent twice is stored once and acked twice (duplicate:true)', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    const frame = { type: 'message.send', clientMsgId: 'dup-x', content: { type: 'text', text: 'only once' } };
    c.send(frame);
    c.send(frame);
    const first = await c.next('message.ack', (f) => !f.duplicate);
    const second = await c.next('message.ack', (f) => f.duplicate);
    assert.equal(first.seq, second.seq);
    assert.equal(first.messageId, second.messageId);
    assert.equal(await countCustomerMessages(welcome.conversationId), 1);
    c.send({ ...frame, content: { type: 'text', text: 'something else' } });
    const conflict = await c.next('error', (f) => f.clientMsgId === 'dup-x');
    assert.equal(conflict.code, 'PARLEY_ERR_DUPLICATE_CONFLICT');
    await c.close();
  });

  test('malformed, unknown-type, invalid and too-long frames get coded errors and nothing is stored', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    const cases: Array<[string, string]> = [
      ['{not json', 'PARLEY_ERR_BAD_JSON'],
      ['[1,2]', 'PARLEY_ERR_BAD_FRAME'],
      [JSON.stringify({ type: 'admin.drop_tables' }), 'PARLEY_ERR_UNKNOWN_TYPE'],
      [
        JSON.stringify({ type: 'message.send', clientMsgId: 'x', content: { type: 'text', text: 'hi' }, extra: 1 }),
        'PARLEY_ERR_BAD_FRAME',
      ],
      [
        JSON.stringify({ type: 'message.send', clientMsgId: 'bad id!', content: { type: 'text', text: 'hi' } }),
        'PARLEY_ERR_BAD_FRAME',
      ],
      [
        '{"type":"message.send","__proto__":{"polluted":true},"clientMsgId":"p","content":{"type":"text","text":"x"}}',
        'PARLEY_ERR_BAD_JSON',
      ],
      [
        JSON.stringify({
          type: 'message.send',
          clientMsgId: 'long',
          content: { type: 'text', text: 'x'.repeat(4097) },
        }),
        'PARLEY_ERR_TEXT_TOO_LONG',
      ],
      [
        JSON.stringify({ type: 'message.send', clientMsgId: 'blank', content: { type: 'text', text: '   ' } }),
        'PARLEY_ERR_VALIDATION',
      ],
    ];
    for (const [raw, code] of cases) {
      const before = c.frames.length;
      c.sendRaw(raw);
      const err = await c.next('error', (f) => c.frames.indexOf(f) >= before);
      assert.equal(err.code, code, raw.slice(0, 60));
    }
    c.sendRaw(Buffer.from([1, 2, 3]));
    assert.equal(
      (await c.next('error', (f) => f.code === 'PARLEY_ERR_BAD_FRAME' && f.message.includes('Binary'))).retryable,
      false,
    );
    assert.equal(await countCustomerMessages(welcome.conversationId), 0);
    assert.equal(c.ws.readyState, c.ws.OPEN, 'bad frames do not end the connection');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    await c.close();
  });

  test('a frame over maxPayload closes the socket with 1009 and stores nothing', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    c.send({ type: 'message.send', clientMsgId: 'huge', content: { type: 'text', text: 'x'.repeat(20_000) } });
    const closed = await c.closed;
    assert.equal(closed.code, 1009);
    assert.equal(await countCustomerMessages(welcome.conversationId), 0);
  });

  test('a message split into too many tiny fragments closes the socket (1008) and stores nothing', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    const text = JSON.stringify({
      type: 'message.send',
      clientMsgId: 'frag',
      content: { type: 'text', text: 'x'.repeat(600) },
    });
    for (let i = 0; i < text.length; i++) c.ws.send(text[i] as string, { fin: i === text.length - 1 });
    assert.equal((await c.closed).code, 1008);
    assert.equal(await countCustomerMessages(welcome.conversationId), 0);
  });

  test('the first frame must be session.hello (4002); a wrong major version is refused (4001)', async () => {
    const c1 = await connect(s.wsUrl, { Origin: s.origin });
    c1.send({ type: 'message.send', clientMsgId: 'early', content: { type: 'text', text: 'hi' } });
    assert.equal((await c1.closed).code, 4002);
    assert.equal((await c1.next('error')).code, 'PARLEY_ERR_HELLO_REQUIRED');
    const c2 = await connect(s.wsUrl, { Origin: s.origin });
    c2.send({ type: 'session.hello', v: '2.0' });
    assert.equal((await c2.closed).code, 4001);
  });

  test('two sockets with the same token both receive each new message', async () => {
    const a = await join(s.wsUrl, s.origin);
    const b = await join(s.wsUrl, s.origin, { token: a.welcome.token });
    assert.equal(b.welcome.conversationId, a.welcome.conversationId);
    a.c.send({ type: 'message.send', clientMsgId: 'tab-a-1', content: { type: 'text', text: 'from tab a' } });
    for (const c of [a.c, b.c]) {
      await c.next('message', (f) => f.message.clientMsgId === 'tab-a-1');
      await c.next(
        'message',
        (f) => f.message.content.type === 'text' && f.message.content.text === 'You said: from tab a',
      );
    }
    await a.c.close();
    await b.c.close();
  });

  test('a flood is refused then closed (4029) while another client keeps being served', async () => {
    const flooder = await join(s.wsUrl, s.origin);
    const calm = await join(s.wsUrl, s.origin);
    for (let i = 0; i < 60; i++) flooder.c.send({ type: 'ping', t: i });
    const closed = await flooder.c.closed;
    assert.equal(closed.code, 4029);
    assert.ok(flooder.c.frames.some((f) => f.type === 'error' && f.code === 'PARLEY_ERR_RATE_LIMITED'));
    assert.ok(flooder.c.frames.filter((f) => f.type === 'pong').length <= 20);
    calm.c.send({ type: 'message.send', clientMsgId: 'calm-1', content: { type: 'text', text: 'still there?' } });
    await calm.c.next('message.ack', (f) => f.clientMsgId === 'calm-1');
    await calm.c.close();
  });

  test('history.fetch returns the visitor history with the request id', async () => {
    const { c } = await join(s.wsUrl, s.origin);
    await c.next('message', (f) => f.message.seq === 1);
    c.send({ type: 'history.fetch', requestId: 'h1', limit: 10 });
    const h = await c.next('history');
    assert.equal(h.requestId, 'h1');
    assert.ok(h.messages.length >= 1);
    c.send({ type: 'history.fetch', requestId: 'h2', before: '!!!' });
    assert.equal((await c.next('error', (f) => f.requestId === 'h2')).code, 'PARLEY_ERR_VALIDATION');
    await c.close();
  });

  test('conversation.end ends it; the next hello with the same token starts a new conversation', async () => {
    const a = await join(s.wsUrl, s.origin);
    a.c.send({ type: 'conversation.end' });
    await a.c.next('conversation.view', (f) => f.view.status === 'ended');
    a.c.send({ type: 'message.send', clientMsgId: 'after-end', content: { type: 'text', text: 'hello?' } });
    assert.equal((await a.c.next('error', (f) => f.clientMsgId === 'after-end')).code, 'PARLEY_ERR_CONVERSATION_ENDED');
    await a.c.close();
    const b = await join(s.wsUrl, s.origin, {
      token: a.welcome.token,
      lastSeq: 3,
      conversationId: a.welcome.conversationId,
    });
    assert.notEqual(b.welcome.conversationId, a.welcome.conversationId);
    assert.equal(b.welcome.replay, 'reset');
    await b.c.close();
  });

  test('ping gets a pong with server time', async () => {
    const { c } = await join(s.wsUrl, s.origin);
    c.send({ type: 'ping', t: 7 });
    const pong = await c.next('pong');
    assert.equal(pong.t, 7);
    assert.ok(pong.serverTime > 0);
    await c.close();
  });
});

describe('websocket gateway limits', () => {
  test('per-address connection cap refuses the extra upgrade', async () => {
    const s = await startTestServer({ WS_MAX_CONNECTIONS_PER_IP: '2' });
    try {
      const a = await connect(s.wsUrl, { Origin: s.origin });
      const b = await connect(s.wsUrl, { Origin: s.origin });
      await assert.rejects(
        connect(s.wsUrl, { Origin: s.origin }),
        (e: { statusCode?: number }) => e.statusCode === 429,
      );
      await a.close();
      await s.untilOpenSockets(1);
      const c = await connect(s.wsUrl, { Origin: s.origin });
      await b.close();
      await c.close();
    } finally {
      await s.close();
    }
  });

  test('too many tabs on one conversation: the extra hello is refused with 4030', async () => {
    const s = await startTestServer();
    try {
      const first = await join(s.wsUrl, s.origin);
      const tabs = [first.c];
      for (let i = 1; i < MAX_SOCKETS_PER_CONVERSATION; i++)
        tabs.push((await join(s.wsUrl, s.origin, { token: first.welcome.token })).c);
      const extra = await connect(s.wsUrl, { Origin: s.origin });
      extra.send({ type: 'session.hello', v: PROTOCOL_VERSION, token: first.welcome.token });
      assert.equal((await extra.closed).code, 4030);
      await tabs.pop()?.close();
      // The refused extra socket and the closed tab must both be released before the next hello.
      await s.untilOpenSockets(tabs.length);
      const again = await join(s.wsUrl, s.origin, { token: first.welcome.token });
      tabs.push(again.c);
      for (const t of tabs) await t.close();
    } finally {
      await s.close();
    }
  });

  test('no hello in time closes with 4003', async () => {
    const s = await startTestServer({}, { helloTimeoutMs: 200 });
    try {
      const c = await connect(s.wsUrl, { Origin: s.origin });
      assert.equal((await c.closed).code, 4003);
    } finally {
      await s.close();
    }
  });

  test('heartbeat terminates a peer that stops answering pings', async () => {
    const s = await startTestServer({ WS_HEARTBEAT_MS: '1000' });
    try {
      const { c } = await join(s.wsUrl, s.origin);
      const healthy = await join(s.wsUrl, s.origin);
      // A half-open peer: it stops reading, so it never sees a ping and never answers with a pong.
      (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      // Only the healthy socket is left once the heartbeat has terminated the silent one.
      await s.untilOpenSockets(1, 15_000);
      healthy.c.send({ type: 'ping', t: 1 });
      await healthy.c.next('pong');
      await healthy.c.close();
      c.ws.terminate();
    } finally {
      await s.close();
    }
  });

  test('shutdown closes open sockets with 4503', async () => {
    const s = await startTestServer();
    const { c } = await join(s.wsUrl, s.origin);
    const closing = s.close();
    assert.equal((await c.closed).code, 4503);
    await closing;
  });

  test('welcome carries the protocol version and settings', async () => {
    const s = await startTestServer({ DEFAULT_COUNTRY: 'FR' });
    try {
      const { c, welcome } = await join(s.wsUrl, s.origin, { locale: 'fr' });
      assert.equal(welcome.v, PROTOCOL_VERSION);
      assert.deepEqual(welcome.settings, { textMaxChars: 4096, defaultCountry: 'FR', locale: 'fr' });
      await c.close();
    } finally {
      await s.close();
    }
  });
});
