import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

test('personal data and secrets are redacted at every level of a log object', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ LOG_LEVEL: 'info' }, sink);
  log.info(
    {
      conversationId: 'c1',
      token: 'TOKEN-CANARY',
      customer: { name: 'NAME-CANARY', phone: '+447700900999', email: 'canary@example.com' },
      msg: { content: { text: 'TEXT-CANARY' } },
    },
    'x',
  );
  const out = lines.join('');
  assert.ok(out.includes('c1'));
  for (const canary of ['TOKEN-CANARY', 'NAME-CANARY', '+447700900999', 'canary@example.com', 'TEXT-CANARY'])
    assert.ok(!out.includes(canary), canary);
});
