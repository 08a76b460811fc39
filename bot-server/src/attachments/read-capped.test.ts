/** readCapped: the bytes and their hash, kept as they arrived (never joined whole), and nothing past the cap. */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isParleyError } from '../errors.js';
import { readCapped } from './pipeline.js';

const data = randomBytes(300_000);
const cuts = [0, 65_536, 200_000, 300_000];
const parts = () => cuts.slice(1).map((end, i) => data.subarray(cuts[i], end));
const hex = createHash('sha256').update(data).digest('hex');

test('the same bytes and hash, in the very chunks that arrived: no copy of the body', async () => {
  const sent = parts();
  const body = await readCapped(Readable.from(sent), 1_000_000);
  assert.ok(Buffer.concat(body.data.chunks).equals(data));
  assert.equal(body.data.length, data.length);
  assert.equal(body.sha256, hex);
  assert.equal(body.data.chunks.length, sent.length);
  body.data.chunks.forEach((c, i) => assert.equal(c.buffer, sent[i]?.buffer, `chunk ${i} is the one received`));
});

test('a body trickled in tiny reads is gathered into blocks, not kept as thousands of Buffers', async () => {
  const tiny = Array.from({ length: 3000 }, (_, i) => data.subarray(i * 10, i * 10 + 10));
  const mixed = [...tiny.slice(0, 5), data.subarray(30_000, 100_000), ...tiny.slice(5, 10)];
  for (const sent of [tiny, mixed]) {
    const body = await readCapped(Readable.from(sent), 1_000_000);
    assert.ok(Buffer.concat(body.data.chunks).equals(Buffer.concat(sent)));
    assert.equal(body.sha256, createHash('sha256').update(Buffer.concat(sent)).digest('hex'));
    assert.ok(body.data.chunks.length <= 3, `${body.data.chunks.length} chunks`);
  }
});

test('past the cap: refused as too large', async () => {
  await assert.rejects(
    readCapped(Readable.from(parts()), 200_000),
    (err) => isParleyError(err) && err.code === 'PARLEY_ERR_FILE_TOO_LARGE',
  );
});
