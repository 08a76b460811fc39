/**
 * kill -9 while appends are in flight: every acknowledged append survives with its seq, and the
 * conversation's seqs stay contiguous (a torn batch leaves no gap and no half-written rows).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { openStore } from './index.js';

test('SIGKILL mid-append loses no acknowledged message and leaves no seq gap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  const file = join(dir, 'crash.db');
  try {
    const acked = new Map<string, number>();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./testing/crash-writer.ts', import.meta.url).pathname, file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
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
          const [kind, id, seq] = line.split(' ');
          if (kind === 'ack' && id && seq) acked.set(id, Number(seq));
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
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
