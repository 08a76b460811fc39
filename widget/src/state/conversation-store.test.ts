import { expect } from '@open-wc/testing';
import type { Message } from '@parley/protocol';
import { ConversationStore } from './conversation-store.js';
import { WidgetStorage } from './storage.js';

const msg = (conversationId: string, seq: number, createdAt = seq, id = `${conversationId}-${seq}`): Message => ({
  id,
  conversationId,
  seq,
  author: { role: 'bot' },
  content: { type: 'text', text: `${conversationId}#${seq}` },
  createdAt,
});

const texts = (s: ConversationStore) => s.messages.map((m) => (m.content.type === 'text' ? m.content.text : ''));

describe('ConversationStore', () => {
  it('keeps seq order whatever the arrival order, and ignores duplicates by id or by seq', () => {
    const store = new ConversationStore(new WidgetStorage(`cs${Math.random()}`));
    store.setSession('tok_0123456789abcdef', 'c1');
    store.insert(msg('c1', 2));
    store.insert(msg('c1', 1));
    expect(store.insert(msg('c1', 2))).to.equal(false);
    expect(store.insert(msg('c1', 2, 2, 'other-id'))).to.equal(false);
    store.insert(msg('c1', 3));
    expect(texts(store)).to.deep.equal(['c1#1', 'c1#2', 'c1#3']);
    expect(store.lastSeq).to.equal(3);
  });

  it('puts earlier conversations (history) before the current one, by time', () => {
    const store = new ConversationStore(new WidgetStorage(`cs${Math.random()}`));
    store.setSession('tok_0123456789abcdef', 'now');
    store.insert(msg('now', 1, 1000));
    store.applyHistory([msg('old2', 1, 500), msg('old1', 1, 100), msg('old1', 2, 200)], 'cursor');
    expect(texts(store)).to.deep.equal(['old1#1', 'old1#2', 'old2#1', 'now#1']);
    expect(store.lastSeq).to.equal(1);
    expect(store.historyCursor).to.equal('cursor');
    store.applyHistory([], undefined);
    expect(store.historyCursor).to.equal(null);
  });

  it('restores the current conversation from storage after a reload', () => {
    const ns = `cs${Math.random()}`;
    const first = new ConversationStore(new WidgetStorage(ns));
    first.setSession('tok_0123456789abcdef', 'c1');
    first.insertMany([msg('c1', 1), msg('c1', 2)]);
    first.setView({ status: 'queued', queue: { position: 3 } });
    const second = new ConversationStore(new WidgetStorage(ns));
    expect(second.token).to.equal('tok_0123456789abcdef');
    expect(texts(second)).to.deep.equal(['c1#1', 'c1#2']);
    expect(second.view).to.deep.equal({ status: 'queued', queue: { position: 3 } });
  });

  it('survives corrupt storage', () => {
    const ns = `cs${Math.random()}`;
    localStorage.setItem(`parley:v1:${ns}:conversation`, '{not json');
    const store = new ConversationStore(new WidgetStorage(ns));
    expect(store.messages).to.deep.equal([]);
    localStorage.setItem(`parley:v1:${ns}:conversation`, JSON.stringify({ messages: [{ id: 1 }, null, 'x'] }));
    expect(new ConversationStore(new WidgetStorage(ns)).messages).to.deep.equal([]);
  });

  it('counts unread messages from others after a seq', () => {
    const store = new ConversationStore(new WidgetStorage(`cs${Math.random()}`));
    store.setSession('tok_0123456789abcdef', 'c1');
    store.insertMany([msg('c1', 1), { ...msg('c1', 2), author: { role: 'customer' } }, msg('c1', 3)]);
    expect(store.countUnreadAfter(0)).to.equal(2);
    expect(store.countUnreadAfter(2)).to.equal(1);
  });
});
