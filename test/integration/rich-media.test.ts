import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { BUNDLED_FLOWS_DIR, createBotEngine } from '../../bot-server/src/bot/index.js';
import { loadRichCatalogue, richCommands, RICH_FILE } from '../../bot-server/src/rich/index.js';
import { startTestServer } from './support/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const CATALOGUE = join(BUNDLED_FLOWS_DIR, 'default', RICH_FILE);

/** The picture URLs of a carousel content. */
const pictures = (content: unknown): string[] =>
  ((content as { items?: Array<{ imageUrl?: string }> } | undefined)?.items ?? []).flatMap((i) =>
    i.imageUrl ? [i.imageUrl] : [],
  );

describe("the rich responses' own pictures, served by Parley", () => {
  let s: Server;
  const demo = mkdtempSync(join(tmpdir(), 'parley-demo-'));
  before(async () => {
    writeFileSync(join(demo, 'index.html'), '<!doctype html><title>demo</title>');
    s = await startTestServer({}, { demoDir: demo, rich: await loadRichCatalogue(CATALOGUE) });
  });
  after(async () => {
    await s.close();
    rmSync(demo, { recursive: true, force: true });
  });

  test('a picture: its type, a year of immutable cache, a sandbox CSP, nosniff, shareable cross-origin', async () => {
    const r = await fetch(`${s.url}/media/tariffs/flex.svg`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    assert.match(r.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'.*sandbox/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(await r.text(), /^<svg /);
  });

  test('nothing but pictures of media/: no catalogue, no climbing out, no listing', async () => {
    for (const path of [
      '/media/%2e%2e/rich-responses.yaml',
      '/media/..%2Frich-responses.yaml',
      '/media/tariffs/',
      '/media/tariffs/flex.svg.txt',
      '/media/missing.png',
    ]) {
      const r = await fetch(`${s.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'PARLEY_ERR_NOT_FOUND', path);
    }
  });

  test("the bot's and an agent's tariffs carousel point at pictures this server serves", async () => {
    const catalogue = await loadRichCatalogue(CATALOGUE);
    const expanded = richCommands(catalogue, () => s.url).expand('/rich tariffs');
    const agentPictures = pictures(expanded?.content);
    assert.deepEqual(agentPictures, [
      `${s.url}/media/tariffs/fixed-12.svg`,
      `${s.url}/media/tariffs/flex.svg`,
      `${s.url}/media/tariffs/green-100.svg`,
    ]);
    const silent = pino({ level: 'silent' });
    const bot = await createBotEngine({ FLOWS_DIR: undefined, FLOWS_RELOAD: false, COMPANY_NAME: undefined }, silent, {
      mediaBase: () => s.url,
    });
    try {
      const turn = await bot.handle(
        { state: undefined, locale: 'fr', details: {} },
        { type: 'text', text: 'quelles sont vos offres' },
      );
      const carousel = turn.replies.find((c) => c.type === 'carousel');
      assert.deepEqual(pictures(carousel), agentPictures);
    } finally {
      await bot.close();
    }
    for (const url of agentPictures) {
      const r = await fetch(url);
      assert.equal(r.status, 200, url);
      assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    }
    // Without an origin to put them on, the pictures are left out rather than sent as paths no page can load.
    const bare = richCommands(catalogue).expand('/rich tariffs');
    assert.equal(bare?.content?.type, 'carousel');
    assert.deepEqual(pictures(bare?.content), []);
  });

  test("the demo's CSP allows pictures from Parley's public origin, and stays strict otherwise", async () => {
    const local = (await fetch(`${s.url}/`)).headers.get('content-security-policy') ?? '';
    assert.match(local, new RegExp(`img-src 'self' data: ${s.url.replace(/[.]/g, '\\.')}(;|$)`));
    const pub = await startTestServer(
      { PUBLIC_IP: 'chat.example.com', PUBLIC_PROTO: 'https' },
      { demoDir: demo, rich: await loadRichCatalogue(CATALOGUE) },
    );
    try {
      const csp = (await fetch(`${pub.url}/`)).headers.get('content-security-policy') ?? '';
      assert.match(csp, /img-src 'self' data: https:\/\/chat\.example\.com(;|$)/);
      for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"])
        assert.ok(csp.includes(d), d);
      assert.ok(!csp.includes('unsafe') && !csp.includes('*'), csp);
    } finally {
      await pub.close();
    }
  });
});
