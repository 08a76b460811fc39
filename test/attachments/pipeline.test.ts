/**
 * The attachment pipeline end to end against a real, private clamd (EICAR test signature) and a real server:
 * what passes, what is refused and why, that nothing refused is stored, links, and failing closed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Message } from '@parley/protocol';
import type { AttachmentStore } from '../../bot-server/src/attachments/model.js';
import { clamdInstalled, EICAR, startTestClamd } from '../../bot-server/src/attachments/testing/private-clamd.js';
import type { Clock } from '../../bot-server/src/domain/ports.js';
import { startTestServer } from '../integration/support/test-server.js';
import { join } from '../integration/support/ws-client.js';
import { docm, docx, elf, plainZip, png } from './support/files.js';

const MAX = 256 * 1024;
const TTL = 60_000;

/** Real timers, a hand-moved wall clock: links expire when the test says so. */
class ManualClock implements Clock {
  t = Date.now();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => setTimeout(fn, ms);
  clearTimeout = (h: ReturnType<typeof setTimeout>) => clearTimeout(h);
}

describe('attachments with a real clamd', { skip: !clamdInstalled() && 'clamd is not installed' }, () => {
  let clamd: Awaited<ReturnType<typeof startTestClamd>>;
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let chat: Awaited<ReturnType<typeof join>>;
  const clock = new ManualClock();

  before(async () => {
    clamd = await startTestClamd();
    s = await startTestServer(
      { CLAMD_URL: clamd.url, ATTACHMENT_MAX_BYTES: String(MAX), ATTACHMENT_LINK_TTL_MS: String(TTL) },
      { clock },
    );
    chat = await join(s.wsUrl, s.origin);
  });
  after(async () => {
    await chat?.c.close();
    await s?.close();
    await clamd?.stop();
  });

  const store = () => s.store as typeof s.store & AttachmentStore;
  const conversationId = () => chat.welcome.conversationId;

  function upload(body: Buffer, name: string, type = 'application/octet-stream') {
    return fetch(`${s.url}/api/conversations/${conversationId()}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${chat.welcome.token}`, 'Content-Type': type },
      body: new Uint8Array(body),
    });
  }

  async function refused(body: Buffer, name: string, status: number, code: string, words: string) {
    const before = await store().listAttachments(conversationId());
    const messages = (await s.store.listMessages(conversationId())).length;
    const res = await upload(body, name, 'image/png');
    assert.equal(res.status, status, name);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, code, name);
    assert.match(error.message, new RegExp(words), name);
    assert.deepEqual(await store().listAttachments(conversationId()), before, `${name}: nothing stored`);
    assert.equal((await s.store.listMessages(conversationId())).length, messages, `${name}: no message`);
  }

  test('a PNG passes, reaches the conversation as an image message, and downloads through its link', async () => {
    const bytes = png();
    const res = await upload(bytes, 'meter\u202Egnp.exe', 'application/x-msdownload');
    assert.equal(res.status, 201);
    const { message } = (await res.json()) as { message: Message };
    assert.equal(message.author.role, 'customer');
    assert.equal(message.content.type, 'image');
    if (message.content.type !== 'image') return;
    assert.equal(message.content.mimeType, 'image/png', 'the sniffed type, not the claimed one');
    assert.equal(message.content.scan, 'clean');
    assert.equal(message.content.size, bytes.length);
    assert.equal(message.content.alt, 'metergnp.exe', 'the bidi override is gone');
    assert.deepEqual([message.content.width, message.content.height], [1, 1], 'sized from the header, before it loads');
    const pushed = await chat.c.next('message', (f) => f.message.id === message.id);
    assert.deepEqual(pushed.message.content, message.content);

    const dl = await fetch(message.content.url);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(dl.headers.get('content-security-policy'), "default-src 'none'; sandbox");
    assert.match(dl.headers.get('content-disposition') ?? '', /^inline; filename="metergnp.exe"/);
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), bytes);
  });

  test('a real .docx passes and downloads as an attachment', async () => {
    const res = await upload(docx(), 'reading.docx');
    assert.equal(res.status, 201);
    const { message } = (await res.json()) as { message: Message };
    assert.equal(message.content.type, 'file');
    if (message.content.type !== 'file') return;
    assert.equal(message.content.name, 'reading.docx');
    assert.equal(message.content.mimeType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const dl = await fetch(message.content.url);
    assert.equal(dl.status, 200);
    assert.match(dl.headers.get('content-disposition') ?? '', /^attachment; /);
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), docx());
    // The hash taken chunk by chunk as the body arrived is the hash of the whole file.
    const stored = (await store().listAttachments(conversationId())).find((r) => r.name === 'reading.docx');
    assert.equal(stored?.sha256, createHash('sha256').update(docx()).digest('hex'));
  });

  test('the EICAR file is refused by the scanner and nothing is stored', async () => {
    await refused(EICAR, 'eicar.txt', 422, 'PARLEY_ERR_FILE_UNSAFE', "didn't pass our security check");
    await refused(Buffer.concat([png(), EICAR]), 'sneaky.png', 422, 'PARLEY_ERR_FILE_UNSAFE', 'security check');
  });

  test('a zip, a renamed executable and a macro-enabled document are refused by type', async () => {
    await refused(plainZip(), 'photos.zip', 415, 'PARLEY_ERR_FILE_TYPE', "can't be sent");
    await refused(elf(), 'holiday.png', 415, 'PARLEY_ERR_FILE_TYPE', "can't be sent");
    await refused(docm(), 'invoice.docx', 415, 'PARLEY_ERR_FILE_TYPE', "can't be sent");
  });

  test('a file over the limit is refused: on Content-Length before any byte is read, and past the cap', async () => {
    await refused(Buffer.alloc(MAX + 1, 0x41), 'big.txt', 413, 'PARLEY_ERR_FILE_TOO_LARGE', 'too large');
    // Headers only, no body: the answer cannot depend on reading it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/conversations/${conversationId()}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chat.welcome.token}`, 'Content-Length': String(50 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(status, 413);
    // Chunked, no length declared: the cap stops the read.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/conversations/${conversationId()}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chat.welcome.token}`, 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(MAX + 10, 0x41));
    });
    assert.equal(chunked, 413);
  });

  test('uploads need the conversation token; the widget can ask whether uploads are on', async () => {
    assert.deepEqual(await (await fetch(`${s.url}/api/attachments`)).json(), { enabled: true, maxBytes: MAX });
    const url = `${s.url}/api/conversations/${conversationId()}/attachments`;
    assert.equal((await fetch(url, { method: 'POST', body: new Uint8Array(png()) })).status, 401);
    const other = await join(s.wsUrl, s.origin);
    const res = await fetch(url, {
      method: 'POST',
      body: new Uint8Array(png()),
      headers: { Authorization: `Bearer ${other.welcome.token}` },
    });
    assert.equal(res.status, 404);
    await other.c.close();
  });

  test('a tampered or expired link gets 403', async () => {
    const res = await upload(png(), 'meter.png');
    const { message } = (await res.json()) as { message: Message };
    assert.equal(message.content.type, 'image');
    if (message.content.type !== 'image') return;
    const link = new URL(message.content.url);
    const sig = link.searchParams.get('sig') ?? '';
    const tampered = new URL(link);
    tampered.searchParams.set('sig', `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`);
    const later = new URL(link);
    later.searchParams.set('exp', String(Number(link.searchParams.get('exp')) + 3_600_000));
    const unsigned = new URL(link);
    unsigned.search = '';
    for (const u of [tampered, later, unsigned]) assert.equal((await fetch(u)).status, 403, u.search);
    assert.equal((await fetch(link)).status, 200);
    clock.t += TTL;
    assert.equal((await fetch(link)).status, 403, 'expired');
  });

  test('with the scanner stopped, uploads fail closed and nothing is stored', async () => {
    assert.equal((await upload(png(), 'before.png')).status, 201);
    await clamd.stop();
    await refused(png(), 'after.png', 503, 'PARLEY_ERR_FILE_UNCHECKED', "couldn't be checked");
  });
});
