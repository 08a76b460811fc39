/**
 * Offset + epoch (issue 12): a client resuming from a seq of a conversation that was reset since (its seqs
 * start over) gets `replay: "reset"` and the new epoch, never a delta that mixes the old seqs with the new.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './support/test-server.js';
import { join } from './support/ws-client.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

/** Sends `text` from a fresh tab of `token` and waits for the bot's answer; returns the highest seq seen. */
async function exchange(token: string, id: string): Promise<number> {
  const tab = await join(s.wsUrl, s.origin, { token });
  tab.c.send({ type: 'message.send', clientMsgId: id, content: { type: 'text', text: `text ${id}` } });
  const ack = await tab.c.next('message.ack', (f) => f.clientMsgId === id);
  const answer = await tab.c.next('message', (f) => f.message.seq > ack.seq);
  await tab.c.close();
  return answer.message.seq;
}

test('a resume point from before a reset gets the reset, with the new epoch', async () => {
  const a = await join(s.wsUrl, s.origin);
  await a.c.next('message', (f) => f.message.seq === 1);
  const oldEpoch = a.welcome.epoch;
  assert.ok(oldEpoch, 'the welcome carries an epoch');
  let held = await exchange(a.welcome.token, 'before-1');
  held = Math.max(held, await exchange(a.welcome.token, 'before-2'));
  await a.c.close();

  const newEpoch = await s.store.resetConversation(a.welcome.conversationId);
  assert.notEqual(newEpoch, oldEpoch);
  // The reset conversation grows past the old client's resume point with other messages under the same seqs.
  let head = 0;
  for (let i = 0; head <= held; i++) head = await exchange(a.welcome.token, `after-${i}`);

  const resume = { token: a.welcome.token, lastSeq: held, conversationId: a.welcome.conversationId };
  const stale = await join(s.wsUrl, s.origin, { ...resume, epoch: oldEpoch });
  assert.equal(stale.welcome.replay, 'reset');
  assert.equal(stale.welcome.epoch, newEpoch);
  await stale.c.close();
  assert.deepEqual(
    stale.c.frames.filter((f) => f.type === 'message' && f.message.seq <= held),
    [],
    'nothing of the new history under the old seqs',
  );

  // Without an epoch (a 1.0 client) the same resume point is indistinguishable: a silent mix the epoch prevents.
  const blind = await join(s.wsUrl, s.origin, resume);
  assert.equal(blind.welcome.replay, 'delta');
  await blind.c.close();

  const current = await join(s.wsUrl, s.origin, { ...resume, epoch: newEpoch });
  assert.equal(current.welcome.replay, 'delta');
  await current.c.close();
});
