import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOriginPolicy } from './origin.js';

const base = {
  PUBLIC_IP: undefined,
  PUBLIC_PROTO: 'http',
  PUBLIC_HTTP_PORT: undefined,
  PUBLIC_HTTPS_PORT: undefined,
  LISTENING_IP: '127.0.0.1',
  LISTENING_PROTO: 'http',
} as const;

test('default: only the server itself and localhost variants of it', () => {
  const p = createOriginPolicy({ ...base, ALLOWED_ORIGINS: [] }, () => 8080);
  for (const o of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080']) assert.ok(p.allows(o), o);
  for (const o of [
    'http://localhost:8081',
    'https://localhost:8080',
    'http://127.0.0.1',
    'https://evil.example',
    undefined,
    '',
    'null',
  ])
    assert.ok(!p.allows(o), String(o));
});

test('configured origins match exactly: no suffix, substring, case or port tricks', () => {
  const p = createOriginPolicy({ ...base, ALLOWED_ORIGINS: ['https://allowed.com'] }, () => 8080);
  assert.ok(p.allows('https://allowed.com'));
  for (const o of [
    'https://allowed.com.evil.com',
    'https://evil.com/allowed.com',
    'https://sub.allowed.com',
    'http://allowed.com',
    'https://allowed.com:8443',
    'HTTPS://ALLOWED.COM',
    'https://allowed.com/',
    'null',
  ]) {
    assert.ok(!p.allows(o), o);
  }
});

test('the public origin drops default ports and follows the listening port when port 0 was used', () => {
  let port = 0;
  const p = createOriginPolicy(
    { ...base, PUBLIC_IP: 'chat.example.com', PUBLIC_PROTO: 'https', PUBLIC_HTTPS_PORT: '443', ALLOWED_ORIGINS: [] },
    () => port,
  );
  assert.ok(p.allows('https://chat.example.com'));
  port = 34567;
  assert.ok(p.allows('http://localhost:34567'));
  assert.ok(!p.allows('http://localhost:0'));
});
