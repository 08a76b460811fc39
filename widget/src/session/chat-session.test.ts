import { expect } from '@open-wc/testing';
import { TestHost } from '../controllers/test-host.js';
import { ParleyConnectionChangeEvent } from '../events/parley-connection-change.js';
import { ParleyMessageSendEvent } from '../events/parley-message-send.js';
import type { ConnectionState } from '../state/connection-state.js';
import { WidgetStorage } from '../state/storage.js';
import { framesOf, peerScope } from '../../test-support/peer-client.js';
import { nextEvent, whenTrue } from '../../test-support/wait.js';
import { ChatSession } from './chat-session.js';
import type { SessionHost } from './session-host.js';

/** The smallest host a session can live in: no element, just what SessionHost asks for. */
class FakeHost extends TestHost implements SessionHost {
  open = false;
  unread = 0;
  constructor(readonly options: { server: string; locale: string }) {
    super();
  }
  setUnread(count: number): void {
    this.unread = count;
  }
}

async function setup() {
  const peer = await peerScope();
  const host = new FakeHost({ server: peer.server, locale: 'en' });
  const session = new ChatSession(host, new WidgetStorage(`session${Math.random()}`), { baseMs: 20, maxMs: 200 });
  const when = (check: () => boolean, what: string) =>
    whenTrue(() => [[host, 'update'] as const, [session.store, 'change'] as const], check, what);
  const whenState = (state: ConnectionState) => when(() => session.connectionState === state, state);
  return { peer, host, session, when, whenState };
}

describe('ChatSession (alone, with a fake host and the real peer)', () => {
  it('reports connection changes as parley-connection-change on its host', async () => {
    const { host, whenState } = await setup();
    const states: string[] = [];
    host.addEventListener('parley-connection-change', (e) => {
      if (e instanceof ParleyConnectionChangeEvent) states.push(e.detail.state);
    });
    host.connect();
    await whenState('online');
    expect(states).to.deep.equal(['connecting', 'online']);
    host.disconnect();
  });

  it('lets a parley-message-send listener on the host veto a message', async () => {
    const { peer, host, session, whenState } = await setup();
    host.addEventListener('parley-message-send', (e) => {
      if (!(e instanceof ParleyMessageSendEvent)) return;
      if (e.detail.content.type === 'text' && e.detail.content.text.includes('secret')) e.preventDefault();
    });
    host.connect();
    await whenState('online');
    expect(session.sendText('my secret')).to.equal(false);
    expect(session.sendText('  hello  ')).to.equal(true);
    const sent = await peer.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'text', text: 'hello' });
    expect(framesOf((await peer.control({ action: 'state' })).frames, 'message.send')).to.have.length(1);
    host.disconnect();
  });

  it('counts unread messages while the host is closed and clears them when read', async () => {
    const { peer, host, session, when, whenState } = await setup();
    host.connect();
    await whenState('online');
    const message = nextEvent(host, 'parley-message');
    await peer.control({ action: 'push', content: { type: 'text', text: 'one' } });
    await message;
    await when(() => host.unread === 1, 'one unread');
    host.open = true;
    session.markRead(true);
    expect(host.unread).to.equal(0);
    host.disconnect();
  });

  it('on a gap in seqs resumes from its last seq in order (with its epoch) before showing what came after', async () => {
    const { peer, host, session, when, whenState } = await setup();
    host.connect();
    await whenState('online');
    const seqs = () => session.store.messages.map((m) => m.seq);
    const shown: number[][] = [];
    session.store.addEventListener('change', () => shown.push(seqs()));
    await peer.control({ action: 'push', content: { type: 'text', text: 'one' } });
    await when(() => seqs().length === 1, 'the first message');
    await peer.control({ action: 'push', content: { type: 'text', text: 'lost' }, quiet: true });
    await peer.control({ action: 'push', content: { type: 'text', text: 'three' } });
    await when(() => seqs().length === 3, 'all three messages');
    expect(seqs()).to.deep.equal([1, 2, 3]);
    expect(
      shown.some((s) => s.includes(3) && !s.includes(2)),
      'seq 3 never shown before seq 2',
    ).to.equal(false);
    const hellos = framesOf((await peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hellos).to.have.length(2);
    expect(hellos[1]).to.include({ lastSeq: 1, epoch: 'epoch-1' });
    host.disconnect();
  });

  it('fires parley-escalate when the conversation asks for an agent', async () => {
    const { peer, host, whenState } = await setup();
    host.connect();
    await whenState('online');
    const escalate = nextEvent(host, 'parley-escalate');
    await peer.control({ action: 'view', view: { status: 'voice_requested' } });
    expect((await escalate).detail.channel).to.equal('voice');
    host.disconnect();
  });
});
