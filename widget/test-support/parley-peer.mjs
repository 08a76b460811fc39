/**
 * A small REAL WebSocket peer for the widget's browser tests, started by web-test-runner as a plugin.
 * It speaks enough of the Parley protocol for the connection tests: session.hello/welcome with
 * delta/reset/new replay, message.send -> durable store + message.ack (duplicates acked with
 * duplicate: true, never stored twice), fan-out to every socket of a conversation, history pages
 * and ping/pong. It is not the bot server; it only checks the widget's side of the contract.
 *
 * Every test picks its own scope: the widget connects to ws://127.0.0.1:<port>/t/<scope>/ws and
 * the test drives the peer with POST /t/<scope>/control {action, ...} (see `control` below).
 * The port is served by the test runner at /__parley-peer. GET /dist/<file>.js serves the built
 * widget from this (other) origin with CORS, as the bot server does in production.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { attachmentControl, attachmentRoutes } from './peer-attachments.mjs';

function createScope(name) {
  return {
    name,
    conversations: new Map(),
    sockets: new Set(),
    frames: [],
    frameWaiters: new Set(),
    history: [],
    options: {},
  };
}

/** A frame of `type` whose fields include `match` (compared as JSON). */
const matches = (frame, type, match) =>
  frame.type === type && Object.entries(match).every(([k, v]) => JSON.stringify(frame[k]) === JSON.stringify(v));

/** Answers once the widget has sent a frame of `type` matching `match` (at once if it already has). */
function waitFrame(scope, type, match, timeoutMs) {
  const found = scope.frames.find((f) => matches(f, type, match));
  if (found) return { ok: true, frame: found };
  return new Promise((resolve) => {
    const waiter = (frame) => {
      if (!matches(frame, type, match)) return;
      scope.frameWaiters.delete(waiter);
      clearTimeout(timer);
      resolve({ ok: true, frame });
    };
    const timer = setTimeout(() => {
      scope.frameWaiters.delete(waiter);
      resolve({ ok: false });
    }, timeoutMs);
    scope.frameWaiters.add(waiter);
  });
}

function newConversation(scope) {
  const conv = {
    id: randomUUID(),
    token: `tok_${randomUUID().replaceAll('-', '')}`,
    messages: [],
    byClientMsgId: new Map(),
    view: { status: 'bot' },
  };
  scope.conversations.set(conv.token, conv);
  return conv;
}

/** A new conversation for the same visitor (token); the old one's messages become the visitor's history. */
function succeed(scope, conv) {
  const next = { id: randomUUID(), token: conv.token, messages: [], byClientMsgId: new Map(), view: { status: 'bot' } };
  scope.conversations.delete(conv.token);
  scope.conversations.set(conv.token, next);
  scope.history = [...scope.history, ...conv.messages];
  return next;
}

function append(conv, author, content, clientMsgId) {
  const message = {
    id: randomUUID(),
    conversationId: conv.id,
    seq: conv.messages.length + 1,
    author,
    content,
    createdAt: Date.now(),
  };
  if (clientMsgId) message.clientMsgId = clientMsgId;
  conv.messages.push(message);
  return message;
}

export function startPeer() {
  const scopes = new Map();
  const scopeOf = (name) => {
    if (!scopes.has(name)) scopes.set(name, createScope(name));
    return scopes.get(name);
  };
  const send = (ws, frame) =>
    ws.readyState === ws.OPEN && ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  const broadcast = (scope, conv, frame) => {
    for (const ws of scope.sockets) if (ws.conv === conv) send(ws, frame);
  };

  function onFrame(scope, ws, raw) {
    let frame;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return send(ws, { type: 'error', code: 'PARLEY_ERR_BAD_JSON', message: 'bad json', retryable: false });
    }
    scope.frames.push(frame);
    for (const waiter of scope.frameWaiters) waiter(frame);
    const opt = scope.options;
    // A half-dead connection: the TCP socket stays open but nothing comes back.
    if (opt.mute) return undefined;
    if (frame.type === 'session.hello') {
      let conv = frame.token ? scope.conversations.get(frame.token) : undefined;
      if (frame.token && !conv) return ws.close(4004, 'bad token');
      let replay = 'new';
      if (conv?.view.status === 'ended') {
        // Like bot-server: the visitor (token) gets a new conversation; without a resume point it is `new`.
        conv = succeed(scope, conv);
        if (frame.lastSeq !== undefined) replay = 'reset';
      }
      // Like bot-server: a resume point past the conversation's end (e.g. it was replaced) is a reset.
      else if (conv) replay = opt.replayReset || (frame.lastSeq ?? 0) > conv.messages.length ? 'reset' : 'delta';
      else conv = newConversation(scope);
      ws.conv = conv;
      send(ws, {
        type: 'session.welcome',
        v: '1.0',
        conversationId: conv.id,
        token: conv.token,
        lastSeq: conv.messages.length,
        epoch: opt.epoch ?? 'epoch-1',
        replay,
        view: conv.view,
        serverTime: Date.now(),
        settings: { textMaxChars: opt.textMaxChars ?? 4096, defaultCountry: 'GB', locale: 'en' },
      });
      if (replay === 'delta')
        for (const m of conv.messages) if (m.seq > (frame.lastSeq ?? 0)) send(ws, { type: 'message', message: m });
      return;
    }
    const conv = ws.conv;
    if (!conv) return ws.close(4002, 'hello required');
    switch (frame.type) {
      case 'message.send': {
        const known = conv.byClientMsgId.get(frame.clientMsgId);
        if (known)
          return send(ws, {
            type: 'message.ack',
            clientMsgId: frame.clientMsgId,
            messageId: known.id,
            seq: known.seq,
            duplicate: true,
          });
        const message = append(conv, { role: 'customer' }, frame.content, frame.clientMsgId);
        conv.byClientMsgId.set(frame.clientMsgId, message);
        if (opt.rateLimitOnce) {
          opt.rateLimitOnce = false;
          conv.byClientMsgId.delete(frame.clientMsgId);
          conv.messages.pop();
          return send(ws, {
            type: 'error',
            code: 'PARLEY_ERR_RATE_LIMITED',
            message: 'slow down',
            retryable: true,
            clientMsgId: frame.clientMsgId,
          });
        }
        if (opt.dropBeforeAck) {
          // Stored durably, but the connection dies before the ack: the widget must resend, and we dedupe.
          opt.dropBeforeAck = false;
          return ws.terminate();
        }
        send(ws, {
          type: 'message.ack',
          clientMsgId: frame.clientMsgId,
          messageId: message.id,
          seq: message.seq,
          duplicate: false,
        });
        broadcast(scope, conv, { type: 'message', message });
        if (frame.content.type === 'form_response' && opt.formInvalid) {
          // Like the real server: the answer is stored, acked and fanned out, then the bot refuses it.
          const fields = opt.formInvalid;
          delete opt.formInvalid;
          return send(ws, {
            type: 'form.invalid',
            clientMsgId: frame.clientMsgId,
            formId: frame.content.formId,
            fields,
          });
        }
        if (opt.echoBot && frame.content.type === 'text') {
          broadcast(scope, conv, {
            type: 'message',
            message: append(
              conv,
              { role: 'bot', name: 'Parley' },
              { type: 'text', text: `echo: ${frame.content.text}` },
            ),
          });
        }
        return;
      }
      case 'history.fetch': {
        const end = frame.before === undefined ? scope.history.length : Number(frame.before);
        const start = Math.max(0, end - (frame.limit ?? 50));
        const page = { type: 'history', requestId: frame.requestId, messages: scope.history.slice(start, end) };
        if (start > 0) page.before = String(start);
        return send(ws, page);
      }
      case 'conversation.end':
        // Like the server: the conversation is over; every tab of it sees the ended view.
        conv.view = { status: 'ended' };
        return broadcast(scope, conv, { type: 'conversation.view', view: conv.view });
      case 'ping':
        return send(ws, { type: 'pong', t: frame.t, serverTime: Date.now() });
      default:
        return undefined;
    }
  }

  /** Test controls. Returns a JSON-able answer, or a promise of one (waitFrame). */
  function control(scope, body) {
    const convs = [...scope.conversations.values()];
    const conv = convs.at(-1);
    switch (body.action) {
      case 'set':
        Object.assign(scope.options, body.options);
        return { ok: true };
      case 'drop':
        for (const ws of scope.sockets) ws.terminate();
        return { ok: true };
      case 'close':
        for (const ws of scope.sockets) ws.close(body.code, 'closed by test');
        return { ok: true };
      case 'push': {
        if (!conv) return { ok: false };
        const message = append(conv, body.author ?? { role: 'bot', name: 'Parley' }, body.content);
        // `quiet`: stored but never sent, as a wake-up lost between two server instances.
        if (!body.quiet) broadcast(scope, conv, { type: 'message', message });
        return { ok: true, message };
      }
      case 'typing':
        for (const ws of scope.sockets) send(ws, { type: 'typing', author: body.author, active: body.active });
        return { ok: true };
      case 'raw':
        for (const ws of scope.sockets) send(ws, body.raw);
        return { ok: true };
      case 'view':
        if (conv) conv.view = body.view;
        for (const ws of scope.sockets) send(ws, { type: 'conversation.view', view: body.view });
        return { ok: true };
      case 'restart': {
        // The conversation ended while the visitor was away; the same visitor (token) gets a new one
        // on the next hello, and the old one becomes part of the visitor's history.
        if (!conv) return { ok: false };
        return { ok: true, conversationId: succeed(scope, conv).id };
      }
      case 'waitFrame':
        return waitFrame(scope, body.type, body.match ?? {}, body.timeoutMs ?? 10_000);
      case 'seedHistory':
        scope.history = body.messages;
        return { ok: true };
      case 'state':
        return {
          frames: scope.frames,
          sockets: scope.sockets.size,
          conversations: convs.map((c) => ({ id: c.id, token: c.token, messages: c.messages })),
        };
      default:
        return attachmentControl(scope, body) ?? { ok: false, error: 'unknown action' };
    }
  }

  const dist = new URL('../dist/', import.meta.url);
  /** @type {Map<string, { open: boolean, waiting: Array<() => void> }>} */
  const gates = new Map();
  const http = createServer(async (req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    if (attachmentRoutes(req, res, { scopeOf, append, broadcast })) return;
    // A gate: under /gated/<id>/dist/ the boot chunk is held until POST /gated/<id>/open (lets a test
    // look at the page before boot has arrived). Only boot: held requests occupy some of the
    // browser's 6 connections to this origin, which concurrent test pages share. GET /gated/<id>/held
    // answers once the boot chunk has been asked for and is being held.
    const gate = /^\/gated\/([\w-]+)\/(open|held|dist\/([\w.-]+\.js))$/.exec(req.url ?? '');
    if (gate) {
      let g = gates.get(gate[1]);
      if (!g) gates.set(gate[1], (g = { open: false, waiting: [], watchers: [] }));
      if (gate[2] === 'open') {
        g.open = true;
        for (const release of g.waiting.splice(0)) release();
        return res.end();
      }
      if (gate[2] === 'held') {
        if (!g.waiting.length) await new Promise((resolve) => g.watchers.push(resolve));
        return res.end();
      }
      if (gate[3]?.startsWith('boot-') && !g.open)
        await new Promise((resolve) => {
          g.waiting.push(resolve);
          for (const tell of g.watchers.splice(0)) tell();
        });
    }
    // The built widget, served cross-origin like a real deployment (module chunks need CORS).
    const asset = gate ? [null, gate[3]] : /^\/dist\/([\w.-]+\.js)$/.exec(req.url ?? '');
    if (asset?.[1]) {
      try {
        const body = await readFile(new URL(asset[1], dist));
        res.setHeader('content-type', 'text/javascript');
        return res.end(body);
      } catch {
        res.statusCode = 404;
        return res.end();
      }
    }
    const m = /^\/t\/([\w-]+)\/control$/.exec(req.url ?? '');
    if (req.method === 'OPTIONS') return res.end();
    if (!m || req.method !== 'POST') {
      res.statusCode = 404;
      return res.end();
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const answer = await control(scopeOf(m[1]), JSON.parse(body || '{}'));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const m = /^\/t\/([\w-]+)\/ws$/.exec(req.url ?? '');
    if (!m) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const scope = scopeOf(m[1]);
      scope.sockets.add(ws);
      ws.on('message', (raw) => onFrame(scope, ws, raw));
      ws.on('close', () => scope.sockets.delete(ws));
    });
  });
  return new Promise((resolve) => {
    http.listen(0, '127.0.0.1', () => {
      resolve({
        port: http.address().port,
        close: () =>
          new Promise((done) => {
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            http.close(() => done());
          }),
      });
    });
  });
}

/** web-test-runner plugin: starts the peer with the test server and tells tests its port. */
export function parleyPeerPlugin() {
  let peer;
  return {
    name: 'parley-test-peer',
    async serverStart() {
      peer = await startPeer();
    },
    async serverStop() {
      await peer?.close();
    },
    serve(context) {
      if (context.path === '/__parley-peer') return { body: JSON.stringify({ port: peer.port }), type: 'json' };
      return undefined;
    },
  };
}
