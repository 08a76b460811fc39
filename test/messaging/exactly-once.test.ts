/**
 * An outbound message whose post goes unanswered is delivered exactly once. The aggregator simulator resets the
 * connection of a message post without answering, either after storing the message (it reaches the customer's phone,
 * but Parley cannot know) or before (nothing happened). Parley tags each message with its own id in the message's
 * metadata and, before posting an unanswered message again, lists the conversation's messages: found, it is sent;
 * not found, it is posted again. Either way the customer's app and Parley's transcript hold each reply once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PARLEY_ID_FIELD } from '../../bot-server/src/channels/sunshine/client.js';
import { botTexts, nextFor, settled, shownTo, startHarness, type Harness } from './support/harness.js';

for (const apiVersion of ['v1.1', 'v2'] as const) {
  describe(`messaging: an unanswered send is not doubled (${apiVersion})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ apiVersion });
    });
    after(() => h.close());

    /** Parley's ids of the business messages the aggregator stored for the customer, in order. */
    const storedIds = (id: string) =>
      h.agg.control
        .customer(id)
        .messages.filter((m) => m.role === 'appMaker')
        .map((m) => m.metadata?.[PARLEY_ID_FIELD]);

    for (const stage of ['after-store', 'before-store'] as const) {
      test(`the connection reset ${stage === 'after-store' ? 'after' : 'before'} the message was stored: the customer gets each reply once`, async () => {
        const { id } = h.agg.control.createCustomer({ channel: 'messenger', name: `Reset ${stage}` });
        h.agg.control.reset(stage);
        h.agg.control.say(id, 'Hello');
        await nextFor(h, id, /What can I help you with/, 'the menu, after the unanswered greeting');
        await settled(h, 2);
        assert.equal(h.agg.control.faults().reset, undefined, 'the reset happened');
        const transcript = await botTexts(h, id);
        assert.ok(transcript.length >= 2, 'a greeting and the menu');
        assert.deepEqual(shownTo(h, id), transcript, 'each reply once on the phone, in the transcript order');
        const ids = storedIds(id);
        assert.equal(ids.length, transcript.length, 'each reply stored once by the aggregator');
        assert.ok(
          ids.every((x) => typeof x === 'string'),
          "every message carries Parley's id in its metadata",
        );
        assert.equal(new Set(ids).size, ids.length, 'no id twice');
        const pending = (await h.parley.store.messagingDepths()).outbox;
        assert.equal(pending, 0, 'nothing left to send');
      });
    }
  });
}
