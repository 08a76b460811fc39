/** Mounts the chat with the peer's attachment routes (peer-attachments.mjs) and drives the uploader. */
import { mountChat } from './mount.js';
import { whenDom } from './wait.js';

/** The smallest PNG signature the peer's sniffer (like the server's) accepts as an image. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** A chat against the test peer with uploads on (peer options set before the panel opens), and file helpers. */
export async function mountUploads(peerOptions: Record<string, unknown> = {}, locale = 'en') {
  const t = await mountChat({ locale });
  // The scope's options are read when the panel asks; set them before opening.
  await t.peer.control({ action: 'set', options: peerOptions });
  const panel = await t.open();
  // The panel asks the server once it opens; once that answer is in and rendered, the attach button is settled.
  await panel.session.uploadSettings();
  await t.settle();
  const composer = () => panel.shadowRoot!.querySelector('parley-composer')!;
  const attachButton = () => composer().shadowRoot!.querySelector<HTMLButtonElement>('button.attach');
  const uploader = () => panel.shadowRoot!.querySelector('parley-uploader');
  /** Picks `file` as the attach button's file input would. */
  const pick = async (file: File) => {
    const input = await whenDom(composer().shadowRoot!, () => composer().shadowRoot!.querySelector('input'), 'input');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    return whenDom(panel.shadowRoot!, () => uploader(), 'the uploader');
  };
  const shown = (what: string, check: (root: ShadowRoot) => unknown) =>
    whenDom(uploader()!.shadowRoot!, () => check(uploader()!.shadowRoot!), what);
  /** Waits for the alert to read `expected` (a later pick replaces an earlier alert). */
  const alert = (expected: string | RegExp) =>
    shown(`the alert ${String(expected)}`, (r) => {
      const text = r.querySelector('[role=alert]')?.textContent?.trim() ?? '';
      return typeof expected === 'string' ? text === expected : expected.test(text);
    });
  return { t, panel, composer, attachButton, uploader, pick, shown, alert };
}
