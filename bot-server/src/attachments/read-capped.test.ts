/** readCapped: the bytes and their hash whatever the declared length says, and nothing past the cap. */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isParleyError } from '../errors.js';
import { readCapped } from './pipeline.js';

const data = randomBytes(300_000);
const pieces = () => Readable.from([data.subarray(0, 65_536), data.subarray(65_536, 200_000), data.subarray(200_000)]);
const hex = createHash('sha256').update(data).digest('hex');

test('the same bytes and hash declared exactly, undeclared, declared short (a decoded body) or declared long', async () => {
  for (const declared of [data.length, undefined, 100_000, 1_000_000]) {
    const body = await readCapped(pieces(), 1_000_000, declared);
    assert.ok(body.data.equals(data), `declared ${declared}`);
    assert.equal(body.sha256, hex);
  }
});

test('past the cap: refused as too large, declared or not', async () => {
  for (const declared of [undefined, 200_000]) {
    await assert.rejects(
      readCapped(pieces(), 200_000, declared),
      (err) => isParleyError(err) && err.code === 'PARLEY_ERR_FILE_TOO_LARGE',
    );
  }
});
