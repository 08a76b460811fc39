import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParleyError } from '../errors.js';
import { loadConfig } from './index.js';

function problemsOf(env: Record<string, string>): Array<{ variable: string; problem: string }> {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ParleyError);
    assert.equal(err.code, 'PARLEY_ERR_CONFIG');
    return err.detail as Array<{ variable: string; problem: string }>;
  }
  assert.fail('expected the configuration to be refused');
}

describe('config', () => {
  test('empty environment: the embedded defaults (Koopid table values) and a frozen result', () => {
    const c = loadConfig({});
    assert.equal(c.ewc.wsReconnectMaxAttempt, 5);
    assert.equal(c.ewc.wsReconnectInterval, 5000);
    assert.equal(c.ewc.chatIdleInterval, 240_000);
    assert.equal(c.ewc.agentWaitInterval, 120_000);
    assert.equal(c.ewc.SEND_AGENT_JOIN_INFO, true);
    assert.equal(c.ewc.EWC_WEBSOCKET_URL, undefined);
    assert.equal(c.store.DATABASE_URL, 'sqlite:./data/parley.db');
    assert.equal(c.server.TIMEZONE.name, 'Europe/London');
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.server) && Object.isFrozen(c.server.ALLOWED_ORIGINS));
  });

  test('values are coerced from strings; blank counts as unset', () => {
    const c = loadConfig({
      wsReconnectMaxAttempt: '2',
      SEND_AGENT_NAME: 'false',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      LOG_LEVEL: ' ',
    });
    assert.equal(c.ewc.wsReconnectMaxAttempt, 2);
    assert.equal(c.ewc.SEND_AGENT_NAME, false);
    assert.deepEqual(c.server.ALLOWED_ORIGINS, ['https://a.example', 'https://b.example']);
    assert.equal(c.server.LOG_LEVEL, 'info');
  });

  test('every problem is reported at once, cross-field checks included', () => {
    const problems = problemsOf({
      LISTENING_HTTP_PORT: 'abc',
      LOG_LEVEL: 'loud',
      wsReconnectMaxAttempt: '-1',
      ALLOWED_ORIGINS: 'https://shop.example/path',
      DIALER: 'twilio',
    });
    const vars = problems.map((p) => p.variable).sort();
    assert.deepEqual(vars, [
      'AACC_ROUTE_POINT',
      'ALLOWED_ORIGINS',
      'LISTENING_HTTP_PORT',
      'LOG_LEVEL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_FROM',
      'wsReconnectMaxAttempt',
    ]);
  });

  test('https without certificate paths is refused', () => {
    assert.deepEqual(
      problemsOf({ LISTENING_PROTO: 'https' }).map((p) => p.variable),
      ['LISTENING_SSL_CERT_PATH'],
    );
  });

  test('TIMEZONE: an IANA name (with daylight saving) or a Koopid offset', () => {
    const summer = Date.UTC(2025, 6, 1);
    assert.equal(loadConfig({}).server.TIMEZONE.offsetAt(summer), 60);
    assert.equal(loadConfig({ TIMEZONE: 'America/New_York' }).server.TIMEZONE.offsetAt(summer), -240);
    assert.equal(loadConfig({ TIMEZONE: '+0530' }).server.TIMEZONE.offsetAt(summer), 330);
    assert.equal(loadConfig({ TIMEZONE: '0000' }).server.TIMEZONE.offsetAt(summer), 0);
    assert.equal(loadConfig({ TIMEZONE: '-0500' }).server.TIMEZONE.name, '-0500');
  });

  test('TIMEZONE: an unknown name or a bad offset is a coded error naming TIMEZONE, with the others', () => {
    const problems = problemsOf({ TIMEZONE: 'Europe/Lundon', LOG_LEVEL: 'loud' });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['TIMEZONE', 'LOG_LEVEL'],
    );
    assert.match(problems[0]!.problem, /"Europe\/Lundon" is not a time zone.*Europe\/London.*\+0530/);
    assert.match(problemsOf({ TIMEZONE: '+2500' })[0]!.problem, /"\+2500" is not a UTC offset/);
  });

  test('TRUSTED_PROXIES: nobody by default; addresses and CIDR ranges; a bad entry is a coded problem', () => {
    assert.deepEqual(loadConfig({}).server.TRUSTED_PROXIES, []);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,::1' }).server.TRUSTED_PROXIES, [
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    const problems = problemsOf({ TRUSTED_PROXIES: '127.0.0.1,haproxy.local' });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['TRUSTED_PROXIES'],
    );
    assert.match(problems[0]!.problem, /"haproxy.local" is not an IP address or CIDR range/);
  });

  test('chat hours: always open by default; bad hours, days and holidays are each reported', () => {
    const defaults = loadConfig({});
    assert.equal(defaults.bot.CHAT_HOURS, undefined);
    assert.deepEqual(defaults.bot.HOLIDAYS, []);
    assert.deepEqual(loadConfig({ HOLIDAYS: '2026-12-25, 2026-12-26' }).bot.HOLIDAYS, ['2026-12-25', '2026-12-26']);
    const problems = problemsOf({ CHAT_HOURS: '8-20', CHAT_DAYS: 'weekdays', HOLIDAYS: '25/12/2026' });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['CHAT_HOURS', 'CHAT_DAYS', 'HOLIDAYS'],
    );
  });

  test('aggregator: unset by default (the simulator runs); a URL needs the app id, key id, secret and webhook secret', () => {
    const c = loadConfig({});
    assert.equal(c.aggregator.AGGREGATOR_URL, undefined);
    assert.equal(c.aggregator.AGGREGATOR_SIM_PORT, 8082);
    assert.deepEqual(
      problemsOf({ AGGREGATOR_URL: 'https://api.smooch.io/v1.1/apps/' }).map((p) => p.variable),
      ['AGGREGATOR_APP_ID', 'AGGREGATOR_KEY_ID', 'AGGREGATOR_SECRET', 'AGGREGATOR_WEBHOOK_SECRET'],
    );
    const ok = loadConfig({
      AGGREGATOR_URL: 'https://api.smooch.io/v2/apps/',
      AGGREGATOR_APP_ID: 'app',
      AGGREGATOR_KEY_ID: 'key',
      AGGREGATOR_SECRET: 'secret',
      AGGREGATOR_WEBHOOK_SECRET: 'old, new',
    });
    assert.deepEqual(ok.aggregator.AGGREGATOR_WEBHOOK_SECRET, ['old', 'new']);
    assert.deepEqual(
      problemsOf({ AGGREGATOR_URL: 'ftp://x' }).map((p) => p.variable),
      ['AGGREGATOR_URL'],
    );
  });
});
