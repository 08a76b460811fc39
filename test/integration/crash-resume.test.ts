/**
 * Reliability target R1(c): `kill -9` of the server mid-conversation, restart on the same database,
 * resume. Every acknowledged message survives exactly once, seqs stay contiguous, and re-sending
 * everything (the widget's at-least-once outbox) stores nothing twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startServerProcess } from '../support/server-process.js';
import { join } from './support/ws-client.js';

const COUNT = 15;

test('acked messages survive kill -9 and a restart exactly once', async () => {
  const dataDir = mkdtempSync(pathJoin(tmpdir(), 'parley-crash-'));
  try {
    const first = await startServerProcess({}, { dataDir });
    const a = await join(first.wsUrl, first.baseUrl);
    const ids = Array.from({ length: COUNT }, (_, i) => `crash-${i}`);
    for (const id of ids)
      a.c.send({ type: 'message.send', clientMsgId: id, content: { type: 'text', text: `message ${id}` } });
    // Kill as soon as a few are acknowledged, while the rest are in flight.
    await a.c.next('message.ack', (f) => f.clientMsgId === 'crash-3', 30_000);
    await first.stop('SIGKILL');
    const acked = new Set(a.c.frames.flatMap((f) => (f.type === 'message.ack' ? [f.clientMsgId] : [])));
    assert.ok(acked.size >= 4);

    const second = await startServerProcess({}, { dataDir });
    try {
      const b = await join(second.wsUrl, second.baseUrl, {
        token: a.welcome.token,
        lastSeq: 0,
        conversationId: a.welcome.conversationId,
      });
      assert.equal(b.welcome.conversationId, a.welcome.conversationId);
      assert.equal(b.welcome.replay, 'delta');
      await b.c.next('message', (f) => f.message.seq === b.welcome.lastSeq);
      const replayed = b.c.frames.flatMap((f) => (f.type === 'message' ? [f.message] : []));
      assert.deepEqual(
        replayed.map((m) => m.seq),
        Array.from({ length: b.welcome.lastSeq }, (_, i) => i + 1),
        'contiguous seqs',
      );
      const stored = replayed.flatMap((m) => (m.author.role === 'customer' && m.clientMsgId ? [m.clientMsgId] : []));
      for (const id of acked)
        assert.equal(stored.filter((x) => x === id).length, 1, `acked ${id} is stored exactly once`);

      // The widget re-sends its whole outbox: already-stored ids are acked as duplicates, the rest stored once.
      for (const id of ids)
        b.c.send({ type: 'message.send', clientMsgId: id, content: { type: 'text', text: `message ${id}` } });
      for (const id of ids) {
        const ack = await b.c.next('message.ack', (f) => f.clientMsgId === id, 30_000);
        assert.equal(ack.duplicate, stored.includes(id), id);
      }
      const r = await fetch(`${second.baseUrl}/api/conversations/${a.welcome.conversationId}/transcript`, {
        headers: { Authorization: `Bearer ${a.welcome.token}` },
      });
      const transcript = (await r.json()) as {
        messages: Array<{ seq: number; clientMsgId?: string; author: { role: string } }>;
      };
      const customerIds = transcript.messages.filter((m) => m.author.role === 'customer').map((m) => m.clientMsgId);
      assert.deepEqual([...customerIds].sort(), [...ids].sort(), 'every message exactly once');
      assert.deepEqual(
        transcript.messages.map((m) => m.seq),
        transcript.messages.map((_, i) => i + 1),
      );
      await b.c.close();
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
