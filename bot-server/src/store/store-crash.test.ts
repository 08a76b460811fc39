/**
 * kill -9 while group-committed turns are in flight: every acknowledged turn survives whole (its message with its
 * seq, its audit event, its conversation update), and the conversation's seqs stay contiguous (a torn batch leaves
 * no gap and no half-written rows).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ensureServerBuilt } from '../../../scripts/build-server.mjs';
import { openStore } from './index.js';

test('SIGKILL mid-batch loses no acknowledged turn and leaves no seq gap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  const file = join(dir, 'crash.db');
  try {
    const acked = new Map<string, number>();
    const versions = new Map<string, number>(); // writer's conversation -> last acknowledged version
    // Compiled, with plain node: through tsx the writer spent more CPU loading than writing.
    await ensureServerBuilt();
    const writer = new URL('../../dist/store/testing/crash-writer.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('writer produced too few acks')), 60_000);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [kind, id, seq, version] = line.split(' ');
          if (kind !== 'ack' || !id || !seq || !version) continue;
          acked.set(id, Number(seq));
          const [writer, v] = version.split(':');
          versions.set(`c-${writer}`, Number(v));
        }
        if (acked.size >= 500) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => reject(new Error('writer exited early')));
    });
    child.kill('SIGKILL');
    await exited;

    const store = await openStore(
      { DATABASE_URL: `sqlite:${file}`, SQLITE_SYNCHRONOUS: 'FULL' },
      pino({ level: 'silent' }),
    );
    try {
      const messages = await store.listMessages('c');
      assert.deepEqual(
        messages.map((m) => m.seq),
        Array.from({ length: messages.length }, (_, i) => i + 1),
        'contiguous seqs',
      );
      const stored = new Map(messages.map((m) => [m.clientMsgId, m.seq]));
      for (const [id, seq] of acked) assert.equal(stored.get(id), seq, `acknowledged ${id} kept with seq ${seq}`);
      assert.ok(messages.length >= acked.size);
      assert.equal((await store.getConversation('c'))?.lastSeq, messages.length, 'counter matches the rows');
      const events = new Set((await store.listEvents('c')).map((e) => e.data.id));
      for (const id of acked.keys()) assert.ok(events.has(id), `acknowledged turn ${id} kept its event`);
      for (const [conversationId, version] of versions) {
        const conv = await store.getConversation(conversationId);
        assert.ok(conv && conv.version >= version, `${conversationId} kept its acknowledged version ${version}`);
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
