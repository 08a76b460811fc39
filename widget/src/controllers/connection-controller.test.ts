import { expect } from '@open-wc/testing';
import type { Message } from './test-host.js';
import { TestHost } from './test-host.js';
import { ConnectionController, type ConnectionTiming } from './connection-controller.js';
import type { ConnectionState } from '../state/connection-state.js';
import { ConversationStore } from '../state/conversation-store.js';
import { Outbox } from '../state/outbox.js';
import { WidgetStorage } from '../state/storage.js';
import { framesOf, peerScope, type PeerMessage } from '../../test-support/peer-client.js';
import { whenTrue } from '../../test-support/wait.js';

const FAST = { baseMs: 20, maxMs: 200, heartbeatMs: 60_000 };

async function setup(namespace = `ns${Math.random()}`) {
  const peer = await peerScope();
  const storage = new WidgetStorage(namespace);
  const make = (onMessage?: (m: Message) => void, timing: Partial<ConnectionTiming> = FAST) => {
    const store = new ConversationStore(storage);
    const outbox = new Outbox(storage);
    const host = new TestHost();
    const conn = new ConnectionController(host, { url: peer.wsUrl, store, outbox, timing, onMessage });
    /** Resolves once `check` holds: looked at again on each state change (host update) and store change. */
    const when = (check: () => boolean, what: string) =>
      whenTrue(() => [[host, 'update'] as const, [store, 'change'] as const], check, what);
    const whenState = (state: ConnectionState) => when(() => conn.state === state, state);
    return { store, outbox, host, conn, when, whenState };
  };
  return { peer, storage, make };
}

const texts = (messages: readonly Message[]) =>
  messages.map((m) => (m.content.type === 'text' ? m.content.text : m.content.type));

describe('ConnectionController (real WebSocket peer)', () => {
  it('says hello, gets a new conversation and stores the token', async () => {
    const { peer, make } = await setup();
    const { store, host, whenState } = make();
    host.connect();
    await whenState('online');
    const state = await peer.control({ action: 'state' });
    const [hello] = framesOf(state.frames, 'session.hello');
    expect(state.frames[0]).to.equal(hello);
    expect(hello!.token).to.equal(undefined);
    expect(store.token).to.equal(state.conversations[0]!.token);
    host.disconnect();
  });

  it('sends with a clientMsgId, clears the outbox on ack and shows the stored message once', async () => {
    const { make } = await setup();
    const { store, outbox, host, conn, when, whenState } = make();
    host.connect();
    await whenState('online');
    const id = conn.send({ type: 'text', text: 'hello' });
    await when(() => outbox.list().length === 0, 'ack');
    await when(() => store.messages.length === 1, 'echo');
    expect(store.messages[0]!.clientMsgId).to.equal(id);
    expect(store.messages[0]!.seq).to.equal(1);
    host.disconnect();
  });

  it('a message sent while the ack is lost is resent with the SAME clientMsgId and stored exactly once', async () => {
    const { peer, make } = await setup();
    const { store, outbox, host, conn, when, whenState } = make();
    host.connect();
    await whenState('online');
    await peer.control({ action: 'set', options: { dropBeforeAck: true } });
    const id = conn.send({ type: 'text', text: 'important' });
    await when(() => conn.state === 'reconnecting' || outbox.list().length === 0, 'drop');
    await when(() => conn.state === 'online' && outbox.list().length === 0, 'resent and acked');
    const state = await peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send').map((f) => f.clientMsgId)).to.deep.equal([id, id]);
    expect(state.conversations[0]!.messages).to.have.length(1);
    await when(() => store.messages.length === 1, 'replayed message');
    host.disconnect();
  });

  it('messages typed while offline survive a reload (new controller, same storage) and are delivered once', async () => {
    const { peer, make } = await setup();
    const first = make();
    first.host.connect();
    await first.whenState('online');
    first.host.disconnect();
    first.conn.send({ type: 'text', text: 'typed while offline' });
    expect(first.outbox.list()).to.have.length(1);
    const second = make();
    expect(second.store.token).to.equal(first.store.token);
    second.host.connect();
    await second.when(() => second.outbox.list().length === 0, 'delivered after reload');
    const state = await peer.control({ action: 'state' });
    expect(state.conversations).to.have.length(1);
    expect(texts(state.conversations[0]!.messages)).to.deep.equal(['typed while offline']);
    second.host.disconnect();
  });

  it('replays only what was missed after a drop, in seq order, without duplicates', async () => {
    const { peer, make } = await setup();
    const received: Message[] = [];
    const { store, host, when, whenState } = make((m) => received.push(m));
    host.connect();
    await whenState('online');
    await peer.control({ action: 'push', content: { type: 'text', text: 'one' } });
    await when(() => store.messages.length === 1, 'one');
    host.disconnect();
    await peer.control({ action: 'push', content: { type: 'text', text: 'two' } });
    await peer.control({ action: 'push', content: { type: 'text', text: 'three' } });
    host.connect();
    await when(() => store.messages.length === 3, 'replay');
    const hellos = framesOf((await peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hellos[1]!.lastSeq).to.equal(1);
    expect(texts(store.messages)).to.deep.equal(['one', 'two', 'three']);
    expect(received.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
    host.disconnect();
  });

  it('replay reset reloads history instead of guessing', async () => {
    const { peer, make } = await setup();
    const { store, host, when, whenState } = make();
    host.connect();
    await whenState('online');
    await peer.control({ action: 'push', content: { type: 'text', text: 'kept' } });
    await when(() => store.messages.length === 1, 'one');
    host.disconnect();
    await peer.control({ action: 'set', options: { replayReset: true } });
    const old: PeerMessage = {
      id: 'old-1',
      conversationId: 'old',
      seq: 1,
      author: { role: 'bot' },
      content: { type: 'text', text: 'from history' },
      createdAt: 1,
    };
    await peer.control({ action: 'seedHistory', messages: [old] });
    host.connect();
    await when(() => store.messages.some((m) => m.id === 'old-1'), 'history loaded');
    const types = (await peer.control({ action: 'state' })).frames.map((f) => f.type);
    expect(types).to.include('history.fetch');
    host.disconnect();
  });

  it('drops frames that fail validation and keeps working', async () => {
    const { peer, make } = await setup();
    const { store, host, conn, when, whenState } = make();
    host.connect();
    await whenState('online');
    await peer.control({ action: 'raw', raw: '{"type":"message","message":{"id":1}}' });
    await peer.control({ action: 'raw', raw: 'not json' });
    await peer.control({ action: 'raw', raw: '{"type":"message","message":{"__proto__":{"x":1}}}' });
    await peer.control({ action: 'push', content: { type: 'text', text: 'still here' } });
    await when(() => store.messages.length === 1, 'valid message');
    expect(conn.rejectedFrames).to.equal(3);
    host.disconnect();
  });

  it('a refused token starts a fresh conversation', async () => {
    const { make, storage } = await setup();
    storage.set('conversation', { token: 'tok_unknown_to_the_server_123', conversationId: 'gone', messages: [] });
    const { store, host, whenState } = make();
    host.connect();
    await whenState('online');
    expect(store.token).to.not.equal('tok_unknown_to_the_server_123');
    host.disconnect();
  });

  it('a non-retryable close code fails for good', async () => {
    const { peer, make } = await setup();
    const { host, conn, whenState } = make();
    host.connect();
    await whenState('online');
    await peer.control({ action: 'close', code: 4001 });
    await whenState('failed');
    expect(conn.failure).to.equal('PARLEY_ERR_PROTOCOL_VERSION');
    host.disconnect();
  });
});

describe('ConnectionController (liveness)', () => {
  it('a silent socket is detected by the heartbeat and replaced', async () => {
    const { peer, make } = await setup();
    const { host, whenState } = make(undefined, { baseMs: 20, maxMs: 100, heartbeatMs: 150 });
    host.connect();
    await whenState('online');
    await peer.control({ action: 'set', options: { mute: true } });
    await whenState('reconnecting');
    await peer.control({ action: 'set', options: { mute: false } });
    await whenState('online');
    const hellos = framesOf((await peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hellos.length).to.be.at.least(2);
    host.disconnect();
  });

  it('goes offline with the browser and reconnects when it is back', async () => {
    const { make } = await setup();
    const { host, conn, whenState } = make();
    host.connect();
    await whenState('online');
    dispatchEvent(new Event('offline'));
    expect(conn.state).to.equal('offline');
    dispatchEvent(new Event('online'));
    await whenState('online');
    host.disconnect();
  });

  it('a retryable error for a message resends it later with the same clientMsgId', async () => {
    const { peer, make } = await setup();
    const { outbox, host, conn, when, whenState } = make();
    host.connect();
    await whenState('online');
    await peer.control({ action: 'set', options: { rateLimitOnce: true } });
    const id = conn.send({ type: 'text', text: 'again' });
    await when(() => outbox.list().length === 0, 'eventually acked');
    const state = await peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send').map((f) => f.clientMsgId)).to.deep.equal([id, id]);
    expect(state.conversations[0]!.messages).to.have.length(1);
    host.disconnect();
  });
});
