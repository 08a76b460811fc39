/**
 * Tests of the BUILT widget (dist/, made by build.mjs before the browser tests run): size budgets,
 * and the real parley.js loaded by a <script> tag under a strict Content-Security-Policy.
 */
import { expect } from '@open-wc/testing';
import { peerScope, until } from '../test-support/peer-client.js';

interface Manifest {
  boot: string;
  initialGzip: number;
  conversationGzip: number;
  totalGzip: number;
  budgets: { initialGzip: number; conversationGzip: number; phoneGzip: number };
  files: Record<string, { bytes: number; gzip: number; brotli: number; initial: boolean; group: string }>;
}

const DIST = '/widget/dist/';

describe('built bundle', () => {
  it('meets the size budgets (gzip before the first click, for a conversation, phone chunk)', async () => {
    const manifest = (await (await fetch(`${DIST}manifest.json`)).json()) as Manifest;
    console.log(`sizes: initial ${manifest.initialGzip} B gz, conversation ${manifest.conversationGzip} B gz, everything ${manifest.totalGzip} B gz`);
    expect(manifest.initialGzip).to.be.at.most(15 * 1024);
    expect(manifest.conversationGzip).to.be.at.most(40 * 1024);
    const phone = Object.values(manifest.files).find((f) => f.group === 'phone')!;
    expect(phone.gzip).to.be.at.most(manifest.budgets.phoneGzip);
    // The numbers in the manifest are real: recompute one from the precompressed file.
    const gz = await (await fetch(`${DIST}parley.js.gz`)).arrayBuffer();
    expect(gz.byteLength).to.equal(manifest.files['parley.js']!.gzip);
  });

  it('the initial set does not contain the panel, the protocol schemas or libphonenumber', async () => {
    const manifest = (await (await fetch(`${DIST}manifest.json`)).json()) as Manifest;
    for (const [name, file] of Object.entries(manifest.files)) {
      if (!file.initial) continue;
      const code = await (await fetch(DIST + name)).text();
      expect(code, name).to.not.contain('session.welcome');
      expect(code, name).to.not.contain('country_calling_codes');
      expect(code, name).to.not.match(/\beval\(|new Function\(/);
    }
  });

  it('parley.js boots from a script tag under a strict CSP, lazy-loads the panel and chats', async () => {
    const peer = await peerScope();
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const csp = document.createElement('meta');
    csp.httpEquiv = 'Content-Security-Policy';
    csp.content = `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*`;
    document.head.append(csp);

    const ready = new Promise<void>((resolve) => addEventListener('parley-ready', () => resolve(), { once: true }));
    const script = document.createElement('script');
    script.src = `${DIST}parley.js`;
    script.dataset['server'] = peer.server;
    script.dataset['title'] = 'Support';
    document.body.append(script);
    await ready;
    const chunks = () => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('/widget/dist/'));
    expect(chunks().some((n) => n.includes('panel-entry'))).to.equal(false);
    expect(await window.Parley!.open()).to.equal(true);
    const el = document.querySelector('parley-chat')!;
    await until(() => el.session?.connectionState === 'online', 'online');
    expect(chunks().some((n) => n.includes('panel-entry'))).to.equal(true);
    await window.Parley!.send('hi from the built widget');
    await until(async () => (await peer.control({ action: 'state' })).conversations[0]?.messages.length === 1, 'stored');
    expect(violations).to.deep.equal([]);
  });
});
