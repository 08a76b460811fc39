/**
 * Scheduled Twilio callbacks are jobs in the store (voice/scheduled-calls.ts): a restart loses none, two instances
 * on one database never both dial one, and a claimer that died has its calls dialled by another once its claim
 * lapses. On SQLite (a file both instances open) and on PostgreSQL when PARLEY_TEST_DATABASE_URL is set; every timer
 * runs on one injected clock.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../bot-server/src/contact-center/testing/manual-clock.js';
import { SCHEDULED_CALL_JOB } from '../../bot-server/src/voice/scheduled-calls.js';
import type { CallRecord } from '../../bot-server/src/domain/ports.js';
import { freshSchema, pgUrl } from '../integration/support/cluster.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { startVoiceHarness, type VoiceHarness } from './harness.js';

const HOUR = 3_600_000;
/** Monday 2025-06-02 10:00 UTC, inside business hours. */
const MONDAY_10 = Date.UTC(2025, 5, 2, 10, 0);

interface Database {
  name: string;
  url: () => string;
  drop: () => Promise<void>;
}

function sqliteFile(): Database {
  let dir = '';
  return {
    name: 'SQLite file',
    url: () => {
      dir ||= mkdtempSync(join(tmpdir(), 'parley-sched-'));
      return `sqlite:${join(dir, 'parley.db')}`;
    },
    drop: () => Promise.resolve(dir ? rmSync(dir, { recursive: true, force: true }) : undefined),
  };
}

function postgres(): Database {
  const schema = pgUrl ? freshSchema() : undefined;
  return { name: 'PostgreSQL', url: () => schema?.url ?? '', drop: () => schema?.drop() ?? Promise.resolve() };
}

for (const db of [sqliteFile(), postgres()]) {
  const skip = db.name === 'PostgreSQL' && !pgUrl ? 'PARLEY_TEST_DATABASE_URL is not set' : false;
  describe(`scheduled twilio callbacks survive restarts and are dialled once (${db.name})`, { skip }, () => {
    let fake: FakeTwilio;
    const open: VoiceHarness[] = [];
    before(async () => {
      fake = await startFakeTwilio();
    });
    after(async () => {
      for (const h of open.splice(0)) await h.close();
      await fake.close();
      await db.drop();
    });

    /** One instance of the voice module on the shared database; `close()` of the harness is its graceful stop. */
    async function instance(clock: ManualClock): Promise<VoiceHarness> {
      const h = await startVoiceHarness(
        {
          DIALER: 'twilio',
          DATABASE_URL: db.url(),
          TWILIO_ACCOUNT_SID: fake.accountSid,
          TWILIO_AUTH_TOKEN: fake.authToken,
          TWILIO_API_BASE: fake.baseUrl,
          TWILIO_FROM: '+442079460000',
          AACC_ROUTE_POINT: '+442079460999',
          TIMEZONE: '0000',
          VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: '1000',
          VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: '1000',
        },
        { clock },
      );
      open.push(h);
      return h;
    }

    async function stop(h: VoiceHarness): Promise<void> {
      open.splice(open.indexOf(h), 1);
      await h.close();
    }

    async function schedule(h: VoiceHarness, when: number): Promise<CallRecord> {
      const call = await h.voice.service.request({
        ...(await h.newConversation()),
        name: 'Ada Lovelace',
        phone: '+442079460123',
        clientAddress: '203.0.113.7',
        idempotencyKey: randomUUID(),
        context: [{ title: 'Summary', value: 'Billing question' }],
        when,
      });
      assert.equal(call.status, 'scheduled');
      return call;
    }

    const dialsOf = (call: CallRecord) => fake.calls.filter((c) => c.statusCallback?.endsWith(`callId=${call.id}`));
    /** The status as whichever instance applied it (each instance's service reports what its dialer did). */
    const dialled = (hs: VoiceHarness[], call: CallRecord) =>
      new Promise<CallRecord>((resolve) => {
        const offs = hs.map((h) =>
          h.voice.service.onStatus((change) => {
            if (change.call.id !== call.id || change.call.status !== 'dialling') return;
            for (const off of offs) off();
            resolve(change.call);
          }),
        );
      });

    test('a restart loses no scheduled call: the next run dials it when due, once', async () => {
      const clock = new ManualClock(MONDAY_10);
      const first = await instance(clock);
      const call = await schedule(first, clock.now() + 2 * HOUR);
      await stop(first); // the process ends; its timers are gone
      const second = await instance(clock);
      clock.advance(2 * HOUR);
      const done = await dialled([second], call);
      assert.equal(dialsOf(call).length, 1);
      assert.equal(done.externalId, dialsOf(call)[0]?.sid);
      await stop(second);
      assert.equal(dialsOf(call).length, 1, 'completed: nobody dials it again');
    });

    test('two instances on one database racing for the same due call: exactly one dials it', async () => {
      const clock = new ManualClock(MONDAY_10);
      const a = await instance(clock);
      const b = await instance(clock);
      const calls = [await schedule(a, clock.now() + HOUR), await schedule(b, clock.now() + HOUR)];
      // Both instances' due timers and polls fire in this one advance: each claims every due call it can.
      clock.advance(HOUR);
      await Promise.all(calls.map((c) => dialled([a, b], c)));
      await stop(a);
      await stop(b);
      for (const c of calls) assert.equal(dialsOf(c).length, 1, `call ${c.id} dialled once`);
    });

    test('a claimer that died: its call waits while the claim lives, then another instance dials it', async () => {
      const clock = new ManualClock(MONDAY_10);
      const survivor = await instance(clock);
      const call = await schedule(survivor, clock.now() + HOUR);
      // The instance that claimed it died mid-dial (it never completes the job); its claim lasts 30 s.
      const [taken] = await survivor.store.claimDueJobs(SCHEDULED_CALL_JOB, 'dead', clock.now() + HOUR, 30_000, 10);
      assert.equal(taken?.id, call.id);
      clock.advance(HOUR + 20_000); // due, and polled, but still claimed by the dead instance
      await survivor.voice.service.settled();
      assert.equal(dialsOf(call).length, 0, 'never two dials for one claim');
      clock.advance(15_000); // the claim has lapsed: the next poll takes it over
      await dialled([survivor], call);
      assert.equal(dialsOf(call).length, 1);
    });

    test('a scheduled call cancelled before it is due is never dialled, by any instance', async () => {
      const clock = new ManualClock(MONDAY_10);
      const a = await instance(clock);
      const b = await instance(clock);
      const call = await schedule(a, clock.now() + HOUR);
      await a.voice.service.cancel(call.conversationId, call.id);
      clock.advance(2 * HOUR);
      await stop(a);
      await stop(b);
      assert.equal(dialsOf(call).length, 0);
    });
  });
}
