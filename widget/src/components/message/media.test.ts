import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { mountUploads } from '../../../test-support/mount-uploads.js';
import { mountChat } from '../../../test-support/mount.js';
import { nextEvent, whenDom } from '../../../test-support/wait.js';
import type { ParleyMessage } from './message.js';

/** A real, decodable PNG of `w` x `h` (the peer's sniffer and the browser both accept it). */
async function realPng(w: number, h: number): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.fillRect(0, 0, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  return new File([blob!], 'meter.png', { type: 'image/png' });
}

/** Uploads a picture whose download the peer holds, and returns the transcript entry drawing it. */
async function heldImage(imageSize: Record<string, number> | undefined) {
  const u = await mountUploads({ holdFiles: true, ...(imageSize ? { imageSize } : {}) });
  await u.pick(await realPng(400, 300));
  const entry = await u.t.when(
    () => u.t.messages().find((m) => m.message.content.type === 'image'),
    'the image in the transcript',
  );
  await u.t.settle();
  return { u, entry, img: entry.shadowRoot!.querySelector('img')! };
}

/** Where everything after the image starts: what would move if the image changed size on load. */
const boxOf = (entry: ParleyMessage) => {
  const r = entry.shadowRoot!.querySelector('.thumb')!.getBoundingClientRect();
  return { width: r.width, height: r.height };
};

describe('images and files in the transcript', () => {
  for (const [label, size, expected] of [
    ['with the width and height the message carries', { width: 400, height: 300 }, 4 / 3],
    ['without dimensions: a fixed 4:3 box', undefined, 4 / 3],
  ] as const) {
    it(`draws an image sized before it loads (no layout jump) ${label}`, async () => {
      const { u, entry, img } = await heldImage(size);
      expect(img.complete && img.naturalWidth > 0, 'still loading').to.equal(false);
      const before = boxOf(entry);
      expect(before.width).to.be.greaterThan(0);
      expect(before.width / before.height).to.be.closeTo(expected, 0.02);
      const loaded = nextEvent(img, 'load');
      await u.t.peer.control({ action: 'releaseFiles' });
      await loaded;
      expect(boxOf(entry)).to.deep.equal(before);
      u.t.el.remove();
    });
  }

  it('opens a full-size view: focus inside, Escape closes, focus back on the picture; accessible', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({
      action: 'push',
      author: { role: 'agent', name: 'Sam' },
      content: { type: 'image', url: 'https://example.invalid/meter.png', mimeType: 'image/png', alt: 'meter.png' },
    });
    const entry = await t.when(() => t.messages()[0], 'the image');
    await t.settle();
    const thumb = entry.shadowRoot!.querySelector<HTMLButtonElement>('.thumb')!;
    expect(thumb.getAttribute('aria-label')).to.equal('View full size: meter.png');
    thumb.focus();
    thumb.click();
    const viewer = await whenDom(
      entry.shadowRoot!,
      () => entry.shadowRoot!.querySelector('parley-image-viewer'),
      'viewer',
    );
    await viewer.updateComplete;
    const dialog = viewer.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open && dialog.matches(':modal'), 'modal: the rest of the page is inert').to.equal(true);
    expect(viewer.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Close');
    await expect(viewer).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await whenDom(entry.shadowRoot!, () => !entry.shadowRoot!.querySelector('parley-image-viewer'), 'viewer closed');
    expect(entry.shadowRoot!.activeElement === thumb, 'focus back on the picture').to.equal(true);
    t.el.remove();
  });

  it('keeps an animated GIF still under prefers-reduced-motion (the viewer plays it on request)', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const t = await mountChat();
      await t.open();
      await t.peer.control({
        action: 'push',
        content: { type: 'image', url: 'https://example.com/a.gif', mimeType: 'image/gif', width: 20, height: 10 },
      });
      const entry = await t.when(() => t.messages()[0], 'the GIF');
      await t.settle();
      expect(entry.shadowRoot!.querySelector('img')).to.equal(null);
      expect(entry.shadowRoot!.querySelector('.thumb')!.textContent.trim()).to.equal(
        'Animated image, paused. Select to play.',
      );
      t.el.remove();
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  for (const [locale, link, info] of [
    ['en', 'Download bill.pdf', 'PDF, 123 kB'],
    ['fr', 'Télécharger bill.pdf', /^PDF, 123\s?ko$/],
  ] as const) {
    it(`offers a clean file as a download link with its name, type and size (${locale})`, async () => {
      const t = await mountChat({ locale });
      await t.open();
      await t.peer.control({
        action: 'push',
        author: { role: 'agent', name: 'Sam' },
        content: {
          type: 'file',
          url: 'https://example.com/f/bill.pdf',
          mimeType: 'application/pdf',
          size: 123_456,
          name: 'bill.pdf',
          scan: 'clean',
        },
      });
      const entry = await t.when(() => t.messages()[0], 'the file');
      await t.settle();
      // A French page gets its catalogue from its own chunk: wait for the words.
      const a = await t.when(() => {
        const found = entry.shadowRoot!.querySelector('a');
        return found?.textContent?.trim() === link ? found : undefined;
      }, `the link "${link}"`);
      expect(a.getAttribute('download')).to.equal('bill.pdf');
      const meta = entry.shadowRoot!.querySelector('.meta')!.textContent.trim();
      if (typeof info === 'string') expect(meta).to.equal(info);
      else expect(meta).to.match(info);
      await expect(entry).to.be.accessible();
      t.el.remove();
    });
  }
});
