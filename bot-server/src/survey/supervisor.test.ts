import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSupervisorFixture, type SupervisorFixture } from './supervisor-fixture.js';
import { systemClock } from '../domain/ports.js';
import { SESSION_COOKIE, SESSION_MS, SupervisorSessions } from './supervisor-session.js';

const TOKEN = 'supervisor-token-for-tests-0123456789';
const NOW = Date.UTC(2026, 11, 1, 12, 0);
const DAY = 24 * 3600_000;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describe('supervisor survey page', () => {
  let f: SupervisorFixture;
  let cookie = '';
  const page = (query = '', headers: Record<string, string> = { cookie }) =>
    fetch(`${f.url}/operator/surveys${query}`, { headers });

  before(async () => {
    f = await startSupervisorFixture(['an-older-token-still-valid-000', TOKEN], NOW);
    await f.survey({ rating: 5, createdAt: NOW - DAY, comment: '<script>alert("x")</script> great' });
    await f.survey({
      rating: 2,
      createdAt: NOW - 2 * DAY,
      agentId: '5002',
      agentName: '<img src=x onerror=alert(1)>Bob',
      skillset: 'WC_Billing',
      comment: 'slow \u202Egnp.exe\u202C reply \u2066isolated\u2069',
    });
    await f.survey({ rating: 4, createdAt: NOW - 40 * DAY, comment: 'older than thirty days' });
  });
  after(() => f.close());

  test('refuses without a session: the sign-in form, coded errors, nothing of the figures', async () => {
    const bare = await page('', {});
    assert.equal(bare.status, 401);
    const html = await bare.text();
    assert.match(html, /<form method="post" action="\/operator\/login"/);
    assert.doesNotMatch(html, /great|Alice/);
    // A token in the address is not a way in (it would end up in access logs).
    assert.equal((await page(`?token=${TOKEN}`, {})).status, 401);

    const wrong = await fetch(`${f.url}/operator/login`, form({ token: `${TOKEN}x` }));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.match(await wrong.text(), /role="alert">That is not an operator token\. <code>PARLEY_ERR_BAD_TOKEN<\/code>/);

    const foreign = await fetch(`${f.url}/operator/login`, {
      ...form({ token: TOKEN }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.match(await foreign.text(), /PARLEY_ERR_ORIGIN_FORBIDDEN/);

    const forged = await page('', { cookie: `${SESSION_COOKIE}=${NOW + DAY}.${'A'.repeat(43)}` });
    assert.equal(forged.status, 401);
    assert.match(await forged.text(), /PARLEY_ERR_BAD_TOKEN/);
  });

  test('signs in with a form: an HttpOnly, SameSite=Strict, expiring cookie; a strict CSP and no script', async () => {
    const res = await fetch(`${f.url}/operator/login`, form({ token: TOKEN }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/operator/surveys');
    const set = res.headers.get('set-cookie') ?? '';
    assert.match(
      set,
      /^parley_supervisor=\d{13}\.[\w-]{43}; Path=\/operator; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    );
    assert.doesNotMatch(set, new RegExp(TOKEN), 'the cookie is not the token');
    cookie = set.split(';')[0] ?? '';

    const ok = await page();
    assert.equal(ok.status, 200);
    const csp = ok.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch(await ok.text(), /<script|<style|style=/);

    // Tampering with the expiry breaks the signature.
    const [name, value] = cookie.split('=');
    const [expires, sig] = (value ?? '').split('.');
    assert.equal((await page('', { cookie: `${name}=${Number(expires) + 1}.${sig}` })).status, 401);
  });

  test('per-agent and per-skillset figures, escaped and bidi-neutralised comments, the date range', async () => {
    const html = await (await page()).text();
    assert.match(
      html,
      /<strong>2<\/strong> surveys from 2026-11-02 to 2026-12-01; average rating <strong>3\.50<\/strong>/,
    );
    assert.match(
      html,
      /<th scope="row"><bdi>Alice Agent<\/bdi> <span class="id">\(5001\)<\/span><\/th><td class="num">1<\/td><td class="num">5\.00<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">1<\/td>/,
    );
    assert.match(html, /<th scope="row">WC_Billing<\/th><td class="num">1<\/td><td class="num">2\.00<\/td>/);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; great/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;Bob/);
    assert.match(html, /<td dir="auto" class="comment">slow gnp\.exe reply isolated<\/td>/);
    assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069]/, 'no bidi control reaches the page');
    assert.doesNotMatch(html, /<script|<img/);
    assert.doesNotMatch(html, /older than thirty days/, 'the default range is the last 30 days');

    const older = await (await page('?from=2026-10-01&to=2026-10-31')).text();
    assert.match(older, /<strong>1<\/strong> survey from 2026-10-01 to 2026-10-31/);
    assert.match(older, /older than thirty days/);
    assert.doesNotMatch(older, /great/);

    const oneDay = await (await page('?from=2026-11-30&to=2026-11-30')).text();
    assert.match(
      oneDay,
      /<strong>1<\/strong> survey from 2026-11-30 to 2026-11-30; average rating <strong>5\.00<\/strong>/,
    );

    for (const query of ['?from=2026-02-30', '?from=yesterday', '?from=2026-12-01&to=2026-11-01']) {
      const bad = await page(query);
      assert.equal(bad.status, 422, query);
      assert.match(await bad.text(), /PARLEY_ERR_VALIDATION/);
    }
  });

  test('signs out; with no OPERATOR_TOKEN the page does not exist', async () => {
    const out = await fetch(`${f.url}/operator/logout`, { ...form({}), headers: { ...form({}).headers, cookie } });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /^parley_supervisor=; Path=\/operator; Max-Age=0; HttpOnly/);

    const none = await startSupervisorFixture([], NOW);
    try {
      const res = await fetch(`${none.url}/operator/surveys`);
      assert.equal(res.status, 404);
      assert.match(await res.text(), /PARLEY_ERR_NOT_FOUND/);
      assert.equal((await fetch(`${none.url}/operator/login`, form({ token: '' }))).status, 404);
    } finally {
      await none.close();
    }
  });
});

test('a session ends at its expiry, and with the token that opened it', () => {
  let now = NOW;
  const clock = { ...systemClock, now: () => now };
  const sessions = new SupervisorSessions(['first-token-0123456789', TOKEN], clock);
  const value = sessions.issue(TOKEN);
  assert.ok(value);
  const header = `theme=dark; ${SESSION_COOKIE}=${value}`;
  assert.equal(sessions.valid(header), true);
  assert.equal(new SupervisorSessions(['first-token-0123456789'], clock).valid(header), false, 'token removed');
  assert.equal(sessions.issue('first-token-012345678'), undefined);
  now += SESSION_MS - 1;
  assert.equal(sessions.valid(header), true);
  now += 1;
  assert.equal(sessions.valid(header), false, 'expired');
});
