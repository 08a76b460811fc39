import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';
import pino from 'pino';
import { ensureServerBuilt } from '../../../scripts/build-server.mjs';
import { openStore } from '../store/index.js';

const run = promisify(execFile);
// What `npm run store:renew-epochs` runs: the compiled script with plain node.
const script = new URL('../../dist/cli/renew-epochs.js', import.meta.url).pathname;

test('store:renew-epochs gives every conversation a new epoch, so resume points from before a restore are stale', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-epochs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, SQLITE_SYNCHRONOUS: 'NORMAL' as const };
  const store = await openStore(env, pino({ level: 'silent' }));
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const visitor = await store.createVisitor({ id: randomUUID(), tokenHash: randomUUID(), locale: 'en', now: 1 });
    const id = randomUUID();
    await store.createConversation({ id, visitorId: visitor.id, channel: 'web', state: 'bot', data: {}, now: 1 });
    ids.push(id);
  }
  const before = await Promise.all(ids.map((id) => store.getConversation(id)));
  await store.close();

  await ensureServerBuilt();
  const { stdout } = await run(process.execPath, ['--enable-source-maps', script], {
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'warn' },
  });
  assert.match(stdout, /renewed the epoch of 3 conversations/);

  const reopened = await openStore(env, pino({ level: 'silent' }));
  t.after(() => reopened.close());
  for (const [i, id] of ids.entries()) {
    const after = await reopened.getConversation(id);
    assert.notEqual(after?.epoch, before[i]?.epoch, 'the epoch changed');
    assert.equal(after?.lastSeq, before[i]?.lastSeq, 'the messages are kept');
  }
});
