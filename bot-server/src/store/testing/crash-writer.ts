/**
 * Test helper process for store-crash.test.ts: opens the SQLite store at argv[2], then appends
 * forever from 20 concurrent writers and prints `ack <clientMsgId> <seq>` for every append whose
 * promise resolved (i.e. was acknowledged). The parent kills it with SIGKILL mid-stream.
 */
import { pino } from 'pino';
import { openStore } from '../index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <db file>');
const store = await openStore(
  { DATABASE_URL: `sqlite:${file}`, SQLITE_SYNCHRONOUS: 'FULL' },
  pino({ level: 'silent' }),
);
await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: Date.now() });
await store.createConversation({ id: 'c', visitorId: 'v', channel: 'web', state: 'bot', data: {}, now: Date.now() });
process.stdout.write('ready\n');
let n = 0;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    for (;;) {
      const id = `m-${n++}`;
      const { message } = await store.appendMessage({
        conversationId: 'c',
        clientMsgId: id,
        author: { role: 'customer' },
        content: { type: 'text', text: id },
        channel: 'web',
        now: Date.now(),
      });
      process.stdout.write(`ack ${id} ${message.seq}\n`);
    }
  }),
);
