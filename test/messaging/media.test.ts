/**
 * Pictures and files from WhatsApp customers take the web uploads' path: downloaded from the aggregator simulator's
 * mediaUrl, sniffed, scanned by a real private clamd (EICAR signature) and stored. A clean picture reaches the
 * conversation (and the agent) with Parley's signed link; a refused one is told to the customer and stored nowhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@parley/protocol';
import { clamdInstalled, EICAR, startTestClamd } from '../../bot-server/src/attachments/testing/private-clamd.js';
import { elf, png, plainZip } from '../attachments/support/files.js';
import { AGENT, identityOf, nextFor, startHarness, type Harness } from './support/harness.js';
import { toAgent } from './support/journeys.js';

describe('messaging channels: customers send pictures and files', { skip: !clamdInstalled() && 'no clamd' }, () => {
  let clamd: Awaited<ReturnType<typeof startTestClamd>>;
  let h: Harness;
  before(async () => {
    clamd = await startTestClamd();
    h = await startHarness({ apiVersion: 'v2', env: { CLAMD_URL: clamd.url } });
  });
  after(async () => {
    await h?.close();
    await clamd?.stop();
  });

  const send = (customerId: string, kind: 'image' | 'file', name: string, type: string, body: Buffer) =>
    fetch(`${h.agg.httpUrl}/sim/media?customerId=${customerId}&kind=${kind}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(body),
    });

  async function messages(customerId: string): Promise<Message[]> {
    return h.parley.store.listMessages((await identityOf(h, customerId)).conversationId);
  }

  test('WhatsApp: a picture reaches the agent as a signed Parley link; EICAR, a zip and a renamed ELF are refused', async () => {
    const { id, contactId, since } = await toAgent(h, 'whatsapp', 'Katherine Johnson', '+447911123458');
    await h.aacc.control.answer(AGENT, contactId);
    await nextFor(h, id, /joined the chat/, 'the agent joined', since);

    assert.equal((await send(id, 'image', 'meter.png', 'image/png', png())).status, 200);
    const seen = await h.aacc.control.waitFor(
      (e) => e.type === 'customer_message' && e.contactId === contactId && e.text.startsWith('Image: meter.png'),
      15_000,
    );
    assert.ok('text' in seen);
    const link = /\n(http\S+)$/.exec(seen.text)?.[1] ?? '';
    assert.match(link, /\/api\/attachments\/[0-9a-f-]{36}\?exp=\d+&sig=/, "Parley's signed link, not the aggregator's");
    const dl = await fetch(link);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), png());
    const image = (await messages(id)).find((m) => m.content.type === 'image');
    assert.ok(image?.content.type === 'image');
    assert.deepEqual(
      [image.author.role, image.content.scan, image.content.width, image.content.height],
      ['customer', 'clean', 1, 1],
    );
    const conversationId = (await identityOf(h, id)).conversationId;
    const stored = () => h.parley.store.listAttachments(conversationId).then((a) => a.length);
    assert.equal(await stored(), 1);

    for (const [name, type, body, words] of [
      ['eicar.pdf', 'application/pdf', EICAR, /didn't pass our security check/],
      ['photos.zip', 'application/zip', plainZip(), /file type can't be sent/],
      ['holiday.png', 'image/png', elf(), /file type can't be sent/],
    ] as const) {
      const s = h.business.items.length;
      const kind = type.startsWith('image/') ? 'image' : 'file';
      assert.equal((await send(id, kind, name, type, Buffer.from(body))).status, 200);
      await nextFor(h, id, words, `the refusal of ${name}, in words`, s);
      await h.aacc.control.waitFor(
        (e) => e.type === 'customer_message' && e.contactId === contactId && words.test(e.text),
        15_000,
      );
    }
    assert.equal(await stored(), 1, 'nothing refused is stored');
    const media = (await messages(id)).filter((m) => m.content.type === 'file' || m.content.type === 'image');
    assert.equal(media.length, 1, 'nor posted');
  });
});
