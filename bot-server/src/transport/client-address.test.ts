import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddressOf, normaliseAddress, parseTrustedProxies } from './client-address.js';

const nobody = parseTrustedProxies([]);
const local = parseTrustedProxies(['127.0.0.1']);
const chain = parseTrustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

describe('client address behind trusted proxies', () => {
  test('trusting nobody, the header is never read: a spoofed one changes nothing', () => {
    assert.equal(clientAddressOf('203.0.113.9', '198.51.100.1', nobody), '203.0.113.9');
    assert.equal(clientAddressOf('127.0.0.1', '198.51.100.1', nobody), '127.0.0.1');
  });

  test('a header from an untrusted peer is ignored, even when it names a trusted proxy', () => {
    assert.equal(clientAddressOf('203.0.113.9', '198.51.100.1', local), '203.0.113.9');
    assert.equal(clientAddressOf('203.0.113.9', '127.0.0.1', chain), '203.0.113.9');
  });

  test('behind a trusted proxy: the right-most untrusted address, never what the client wrote to its left', () => {
    assert.equal(clientAddressOf('127.0.0.1', '203.0.113.9', local), '203.0.113.9');
    // The client sent "X-Forwarded-For: 1.2.3.4"; HAProxy appended the address it saw.
    assert.equal(clientAddressOf('127.0.0.1', '1.2.3.4, 203.0.113.9', local), '203.0.113.9');
    // Two proxies of ours: both hops skipped.
    assert.equal(clientAddressOf('127.0.0.1', '1.2.3.4, 203.0.113.9, 10.1.2.3', chain), '203.0.113.9');
    // Several headers are one list, in order.
    assert.equal(clientAddressOf('127.0.0.1', ['1.2.3.4', '203.0.113.9'], local), '203.0.113.9');
  });

  test('a trusted peer without the header, an all-trusted chain, a broken entry', () => {
    assert.equal(clientAddressOf('127.0.0.1', undefined, local), '127.0.0.1');
    assert.equal(clientAddressOf('127.0.0.1', '10.0.0.7, 10.0.0.8', chain), '10.0.0.7');
    // Garbage the proxy passed on stops the walk at the last address we can vouch for.
    assert.equal(clientAddressOf('127.0.0.1', '203.0.113.9, not-an-ip', local), '127.0.0.1');
    assert.equal(clientAddressOf('127.0.0.1', '', local), '127.0.0.1');
    assert.equal(clientAddressOf(undefined, '203.0.113.9', local), 'unknown');
  });

  test('IPv4-mapped IPv6 peers and entries are their IPv4 address', () => {
    assert.equal(normaliseAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normaliseAddress('::FFFF:10.0.0.1'), '10.0.0.1');
    assert.equal(clientAddressOf('::ffff:127.0.0.1', '203.0.113.9', local), '203.0.113.9');
    assert.equal(clientAddressOf('::ffff:127.0.0.1', '::ffff:203.0.113.9', local), '203.0.113.9');
    assert.equal(clientAddressOf('::ffff:203.0.113.9', '198.51.100.1', local), '203.0.113.9');
    // A mapped entry inside the chain is trusted like its IPv4 form.
    assert.equal(clientAddressOf('127.0.0.1', '203.0.113.9, ::ffff:10.0.0.1', chain), '203.0.113.9');
  });

  test('IPv6 proxies and clients, brackets and zone ids', () => {
    const v6 = parseTrustedProxies(['::1', '2001:db8:aa::/48']);
    assert.equal(clientAddressOf('::1', '2001:db8::1', v6), '2001:db8::1');
    assert.equal(clientAddressOf('::1', '2001:DB8::1, 2001:db8:aa:1::5', v6), '2001:db8::1');
    assert.equal(clientAddressOf('::1', '[2001:db8::7]', v6), '2001:db8::7');
    assert.equal(clientAddressOf('fe80::1%eth0', '2001:db8::1', v6), 'fe80::1');
    assert.equal(clientAddressOf('2001:db8:ab::1', '2001:db8::1', v6), '2001:db8:ab::1', 'outside the /48');
    assert.equal(v6.trusts('127.0.0.1'), false);
  });

  test('ranges: CIDR membership, and bad entries are refused', () => {
    assert.equal(chain.trusts('10.255.255.255'), true);
    assert.equal(chain.trusts('11.0.0.0'), false);
    assert.equal(chain.trusts('fd12::1'), true);
    assert.equal(chain.trusts('garbage'), false);
    for (const bad of ['localhost', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', '10.0.0.0/x', ''])
      assert.throws(() => parseTrustedProxies([bad]), RangeError, bad);
  });
});
