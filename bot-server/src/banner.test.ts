import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBanner, stripCredentials } from './banner.js';

test('banner lists every address and never prints credentials', () => {
  const text = formatBanner({
    listening: 'http://127.0.0.1:8080',
    demoSite: 'http://127.0.0.1:8080/',
    widgetScript: 'http://127.0.0.1:8080/widget/parley.js',
    agentDesktop: 'http://127.0.0.1:8081/agent/',
    supervisor: 'http://127.0.0.1:8080/operator/surveys',
    health: 'http://127.0.0.1:8080/health',
    contactCenter: 'wss://user:pw@aacc.example.com:8445/CustomerControllerWeb/chat',
    dialer: 'aacc-callback',
    store: 'postgres://postgres:hunter2@127.0.0.1:5432/parley',
    logLevel: 'info',
    allowedOrigins: ['https://www.example.com'],
  });
  for (const s of [
    'listening',
    'http://127.0.0.1:8080/widget/parley.js',
    'agent desktop',
    'supervisor     => http://127.0.0.1:8080/operator/surveys',
    'wss://aacc.example.com:8445',
    'log level      => info',
    'https://www.example.com',
  ])
    assert.ok(text.includes(s), s);
  assert.ok(!text.includes('hunter2') && !text.includes('pw@'));
  assert.equal(stripCredentials('sqlite:./data/parley.db'), 'sqlite:./data/parley.db');
});
