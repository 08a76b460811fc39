/**
 * Test helper process for store-crash.test.ts: opens the SQLite store at argv[2], then runs bot-like turns forever
 * from 20 concurrent writers, all group-committed together: each turn appends a message to conversation `c`, records
 * an audit event and compare-and-sets its writer's own conversation. It prints `ack <clientMsgId> <seq> <version>`
 * for every turn whose writes all resolved (i.e. were acknowledged). The parent kills it with SIGKILL mid-stream.
 */
import { pino } from 'pino';
import { openStore } from '../index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <db file>');
const store = await openStore(
  { DATABASE_URL: `sqlite:${file}`, SQLITE_SYNCHRONOUS: 'FULL' },
  pino({ level: 'silent' }),
);
const WRITERS = 20;
await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: Date.now() });
for (const id of ['c', ...Array.from({ length: WRITERS }, (_, w) => `c-${w}`)])
  await store.createConversation({ id, visitorId: 'v', channel: 'web', state: 'bot', data: {}, now: Date.now() });
process.stdout.write('ready\n');
let n = 0;
await Promise.all(
  Array.from({ length: WRITERS }, async (_, w) => {
    let version = 1;
    for (;;) {
      const id = `m-${n++}`;
      const now = Date.now();
      const [{ message }, updated] = await Promise.all([
        store.appendMessage({
          conversationId: 'c',
          clientMsgId: id,
          author: { role: 'customer' },
          content: { type: 'text', text: id },
          channel: 'web',
          now,
        }),
        store.updateConversation(`c-${w}`, version, { data: { last: id }, now }),
        store.appendEvent({ conversationId: 'c', type: 'turn', data: { id }, now }),
      ]);
      if (!updated) throw new Error(`c-${w}: version conflict`);
      version = updated.version;
      process.stdout.write(`ack ${id} ${message.seq} ${w}:${version}\n`);
    }
  }),
);
