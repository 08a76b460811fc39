/**
 * The Store contract: one suite every Store implementation must pass (SQLite file, SQLite memory,
 * PostgreSQL), composed of one part per store area (contract/*.contract.ts, mirroring areas/). Each
 * test uses fresh random ids, so tests share one store without interfering.
 */
import { after, before, describe, test } from 'node:test';
import { appendsContract } from './contract/appends.contract.js';
import { attachmentsContract } from './contract/attachments.contract.js';
import { batchingContract } from './contract/batching.contract.js';
import { callsContract } from './contract/calls.contract.js';
import { contactCenterSessionsContract } from './contract/contact-center-sessions.contract.js';
import { conversationsContract } from './contract/conversations.contract.js';
import { eventsContract } from './contract/events.contract.js';
import { ContractFixture, type StoreUnderTest } from './contract/fixture.js';
import { historyContract } from './contract/history.contract.js';
import { jobsContract } from './contract/jobs.contract.js';
import { messagingClaimsContract } from './contract/messaging-claims.contract.js';
import { messagingContract } from './contract/messaging.contract.js';
import { participantsContract } from './contract/participants.contract.js';
import { surveysContract } from './contract/surveys.contract.js';
import { visitorsContract } from './contract/visitors.contract.js';

export type { StoreUnderTest } from './contract/fixture.js';

export function storeContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    const fixture = new ContractFixture();
    before(() => fixture.open(open));
    after(() => fixture.cleanup());

    test('migrate() is idempotent and ping() answers', async () => {
      await fixture.store.migrate();
      await fixture.store.migrate();
      await fixture.store.ping();
    });

    visitorsContract(fixture);
    conversationsContract(fixture);
    appendsContract(fixture);
    historyContract(fixture);
    participantsContract(fixture);
    eventsContract(fixture);
    contactCenterSessionsContract(fixture);
    callsContract(fixture);
    jobsContract(fixture);
    messagingContract(fixture);
    messagingClaimsContract(fixture);
    attachmentsContract(fixture);
    surveysContract(fixture);
    batchingContract(fixture);
  });
}
