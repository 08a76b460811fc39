import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailedAttempts } from './failed-attempts.js';
import { startSupervisorFixture } from './supervisor-fixture.js';

const TOKEN = 'supervisor-token-for-tests-0123456789';

test('wrong operator tokens: an address is refused after 10 in 15 minutes, until the oldest leaves the window', () => {
  let now = 1_000_000;
  const attempts = new FailedAttempts(() => now);
  for (let i = 0; i < 10; i++) {
    attempts.check('198.51.100.7');
    attempts.failed('198.51.100.7');
    now += 1000;
  }
  assert.throws(() => attempts.check('198.51.100.7'), { code: 'PARLEY_ERR_RATE_LIMITED' });
  attempts.check('198.51.100.8'); // another address is not charged
  now += 15 * 60_000 - 9_000; // the first failure has left the window
  attempts.check('198.51.100.7');
});

test('remembers at most maxKeys addresses (a spray of addresses cannot grow memory)', () => {
  const attempts = new FailedAttempts(() => 0, { limit: 1, maxKeys: 2 });
  for (const a of ['a', 'b', 'c']) attempts.failed(a);
  attempts.check('a'); // forgotten: the oldest went first
  assert.throws(() => attempts.check('c'), { code: 'PARLEY_ERR_RATE_LIMITED' });
});

test('the sign-in form refuses a guessing address with 429, even with the right token, and says so in words', async (t) => {
  const f = await startSupervisorFixture([TOKEN], Date.UTC(2026, 11, 1));
  t.after(() => f.close());
  const login = (token: string) =>
    fetch(`${f.url}/operator/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
    });
  for (let i = 0; i < 10; i++) assert.equal((await login(`guess-${i}`)).status, 401);
  const refused = await login(TOKEN);
  assert.equal(refused.status, 429);
  assert.match(await refused.text(), /Too many wrong operator tokens[^<]*<code>PARLEY_ERR_RATE_LIMITED<\/code>/);
  assert.equal(refused.headers.get('set-cookie'), null);
});
