/**
 * The clamd client fails closed against scanners that misbehave (silent, wrong words, gone), and the directory
 * storage keeps the bytes outside the database and refuses to serve a file changed under it.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createClamdClient, ScanError } from '../../bot-server/src/attachments/clamd.js';
import { AttachmentPipeline } from '../../bot-server/src/attachments/pipeline.js';
import { createAttachmentStorage } from '../../bot-server/src/attachments/storage.js';
import { isAttachmentStore } from '../../bot-server/src/attachments/model.js';
import { systemClock } from '../../bot-server/src/domain/ports.js';
import { isParleyError } from '../../bot-server/src/errors.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { png, readAll } from './support/files.js';

const logger = pino({ level: 'silent' });

/** A fake clamd on a unix socket that does `onConnection` with each client. */
async function fakeClamd(
  dir: string,
  onConnection: (socket: Socket) => void,
): Promise<{ url: string; server: Server }> {
  const url = join(dir, `fake-${Math.random().toString(36).slice(2)}.sock`);
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(url, resolve));
  return { url, server };
}

describe('clamd client fails closed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-fake-clamd-'));
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('silence past the timeout, an unknown answer, a dropped connection and no listener are errors', async () => {
    const silent = await fakeClamd(dir, (socket) => socket.resume());
    const odd = await fakeClamd(dir, (socket) => socket.once('data', () => socket.end('stream: MAYBE\0')));
    const drop = await fakeClamd(dir, (socket) => socket.once('data', () => socket.destroy()));
    servers.push(silent.server, odd.server, drop.server);
    for (const [url, timeoutMs, words] of [
      [silent.url, 200, /did not answer in 200 ms/],
      [odd.url, 5000, /stream: MAYBE/],
      [drop.url, 5000, /closed|failed/],
      [join(dir, 'nobody.sock'), 5000, /failed/],
    ] as const) {
      const client = createClamdClient({ url, timeoutMs });
      await assert.rejects(client.scan(png()), (err) => err instanceof ScanError && words.test(err.message));
      assert.equal(await client.ping(), false);
    }
  });

  test('the pipeline refuses with FILE_UNCHECKED when the scanner errs, and stores nothing', async () => {
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, logger);
    assert.ok(isAttachmentStore(store));
    const odd = await fakeClamd(dir, (socket) => socket.once('data', () => socket.end('zINSTREAM: oops. ERROR\0')));
    servers.push(odd.server);
    const pipeline = new AttachmentPipeline({
      scanner: createClamdClient({ url: odd.url, timeoutMs: 5000 }),
      storage: createAttachmentStorage('database', store),
      maxBytes: 1024 * 1024,
      clock: systemClock,
      logger,
    });
    await assert.rejects(
      pipeline.accept({ data: png(), conversationId: 'c1', source: 'web' }),
      (err) => isParleyError(err) && err.code === 'PARLEY_ERR_FILE_UNCHECKED',
    );
    assert.deepEqual(await store.listAttachments('c1'), []);
    await store.close();
  });
});

describe('directory storage', () => {
  test('bytes in the directory, the record in the database, a changed file not served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-files-'));
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, logger);
    assert.ok(isAttachmentStore(store));
    try {
      const storage = createAttachmentStorage(`directory:${dir}`, store);
      const pipeline = new AttachmentPipeline({
        scanner: { scan: () => Promise.resolve({ clean: true }), ping: () => Promise.resolve(true) },
        storage,
        maxBytes: 1024 * 1024,
        clock: systemClock,
        logger,
      });
      const { record } = await pipeline.accept({ data: png(), conversationId: 'c1', name: 'm.png', source: 'web' });
      assert.equal((await store.getAttachment(record.id))?.chunks, undefined, 'not in the database');
      assert.deepEqual(await readAll(await storage.open(record)), png());
      writeFileSync(join(dir, record.id), Buffer.concat([png(), Buffer.from('x')]));
      assert.equal(await storage.open(record), undefined, 'longer');
      const changed = png();
      changed.writeUInt8(changed.readUInt8(changed.length - 1) ^ 1, changed.length - 1);
      writeFileSync(join(dir, record.id), changed);
      assert.equal(await storage.open(record), undefined, 'same length, other bytes');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
