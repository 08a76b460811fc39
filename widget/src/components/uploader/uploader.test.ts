import { expect } from '@open-wc/testing';
import { EICAR, mountUploads, PNG } from '../../../test-support/mount-uploads.js';
import { nextEvent, whenDom } from '../../../test-support/wait.js';

describe('<parley-uploader> and the attach button', () => {
  it('shows a named attach button when the server takes files, and none when it does not', async () => {
    const on = await mountUploads();
    expect(on.attachButton()?.getAttribute('aria-label')).to.equal('Attach a file');
    await expect(on.composer()).to.be.accessible();
    on.t.el.remove();

    const off = await mountUploads({ uploadsOff: true });
    expect(off.composer().attach).to.equal(false);
    expect(off.attachButton()).to.equal(null);
    off.t.el.remove();
  });

  it('refuses a file over maxBytes before sending a byte, in words with the limit', async () => {
    const u = await mountUploads({ maxBytes: 2000 });
    await u.pick(new File([new Uint8Array(3000)], 'big.png', { type: 'image/png' }));
    await u.alert('big.png is too large: files up to 2 kB can be sent.');
    expect((await u.t.peer.control({ action: 'uploads' })).uploads).to.equal(0);
    await expect(u.uploader()!).to.be.accessible();
    u.t.el.remove();
  });

  it('refuses archives and executables by type or extension before sending', async () => {
    const u = await mountUploads();
    await u.pick(new File(['PK'], 'photos.zip', { type: 'application/zip' }));
    await u.alert("photos.zip: this file type can't be sent.");
    await u.pick(new File(['MZ'], 'setup.exe', { type: '' }));
    await u.alert("setup.exe: this file type can't be sent.");
    expect((await u.t.peer.control({ action: 'uploads' })).uploads).to.equal(0);
    u.t.el.remove();
  });

  it('shows progress with Cancel (focused); Cancel stops the upload, nothing is stored, focus returns to the field', async () => {
    const u = await mountUploads({ holdUploads: true });
    await u.pick(new File([PNG, new Uint8Array(256 * 1024)], 'meter.png', { type: 'image/png' }));
    // All bytes sent, the answer held by the peer: the bar is full and Cancel has focus.
    await u.shown('a full progress bar', (r) => r.querySelector('progress')?.value === 100);
    const root = u.uploader()!.shadowRoot!;
    expect(root.querySelector('#what')!.textContent).to.equal('Sending meter.png…');
    expect(root.activeElement?.textContent?.trim()).to.equal('Cancel');
    await expect(u.uploader()!).to.be.accessible();
    const ended = nextEvent(u.panel, 'parley-upload-end');
    root.querySelector('button')!.click();
    await ended;
    expect((await u.t.peer.control({ action: 'waitCancelled' })).cancelled).to.equal(1);
    await u.t.settle();
    expect(u.composer().shadowRoot!.activeElement?.localName).to.equal('textarea');
    // Cancelled: nothing left of the upload, and the panel around it (composer, attach button) still passes axe.
    expect(u.uploader()?.shadowRoot?.textContent?.trim() ?? '').to.equal('');
    await expect(u.panel).to.be.accessible();
    const state = await u.t.peer.control({ action: 'state' });
    expect(state.conversations[0]!.messages).to.have.length(0);
    u.t.el.remove();
  });

  it("shows the server's refusal in words: infected, type sniffed from the bytes, scanner down", async () => {
    const u = await mountUploads();
    await u.pick(new File([EICAR], 'notes.txt', { type: 'text/plain' }));
    await u.alert("notes.txt was not sent. This file didn't pass our security check.");
    await expect(u.uploader()!).to.be.accessible();
    await u.pick(new File(['PK\u0003\u0004'], 'renamed.png', { type: 'image/png' }));
    await u.alert("renamed.png was not sent. This file type can't be sent.");
    await u.t.peer.control({ action: 'set', options: { scannerDown: true } });
    await u.pick(new File([PNG], 'meter.png', { type: 'image/png' }));
    await u.alert(/^meter\.png was not sent\. This file couldn't be checked for safety/);
    u.t.el.remove();
  });

  it('speaks French: the button, a refusal made here and one from the server', async () => {
    const u = await mountUploads({ maxBytes: 2000 }, 'fr');
    // The French catalogue arrives in its own chunk: wait for the label rather than read it at once.
    await whenDom(
      u.composer().shadowRoot!,
      () => u.attachButton()?.getAttribute('aria-label') === 'Joindre un fichier',
      'the French label',
    );
    await u.pick(new File([new Uint8Array(3000)], 'gros.png', { type: 'image/png' }));
    await u.alert(/^gros\.png est trop volumineux : les fichiers jusqu’à 2\s?ko/);
    await u.pick(new File([EICAR], 'notes.txt', { type: 'text/plain' }));
    await u.alert('notes.txt n’a pas été envoyé. Ce fichier n’a pas passé notre contrôle de sécurité.');
    u.t.el.remove();
  });

  it('an uploaded image appears once (the socket push and the HTTP answer carry the same id); drop and paste work', async () => {
    const u = await mountUploads();
    const images = () => u.t.messages().filter((m) => m.message.content.type === 'image');
    const ended = nextEvent(u.panel, 'parley-upload-end');
    await u.pick(new File([PNG], 'meter.png', { type: 'image/png' }));
    await ended;
    await u.t.when(() => images().length === 1, 'the image in the transcript');
    const state = await u.t.peer.control({ action: 'state' });
    expect(state.conversations[0]!.messages).to.have.length(1);
    await u.t.settle();
    expect(images()).to.have.length(1);

    const section = u.panel.shadowRoot!.querySelector('section')!;
    const drop = new DataTransfer();
    drop.items.add(new File([PNG], 'dropped.png', { type: 'image/png' }));
    const dropped = nextEvent(u.panel, 'parley-upload-end');
    section.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await dropped;
    const paste = new DataTransfer();
    paste.items.add(new File([PNG], 'image.png', { type: 'image/png' }));
    const pasted = nextEvent(u.panel, 'parley-upload-end');
    u.composer()
      .shadowRoot!.querySelector('textarea')!
      .dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, composed: true, cancelable: true }),
      );
    await pasted;
    await u.t.when(() => images().length === 3, 'three images');
    u.t.el.remove();
  });
});
