import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { LOCATION_DECLINED } from '@parley/protocol';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { whenDom, withDeadline } from '../../../test-support/wait.js';

type Answer = { permission: 'granted' | 'denied'; position?: { latitude: number; longitude: number } };

/** Answers for the visitor's browser through Chromium (permission and device position); the page is not stubbed. */
const browserAnswers = (answer: Answer) => executeServerCommand('geolocation', answer);

/** A bot message asking for the visitor's location, and its request element once the rich chunk has drawn it. */
async function asked(locale = 'en', label = 'Share my location') {
  const t = await mountChat({ locale });
  await t.open();
  await t.peer.control({
    action: 'push',
    content: { type: 'text', text: 'Where are you?', actions: [{ type: 'location_request', label }] },
  });
  const entry = await t.when(() => t.messages()[0], 'the request');
  // The element draws once the rich renderers' chunk (loaded by the request) has defined it.
  await withDeadline(customElements.whenDefined('parley-location-request'), 'the rich chunk');
  const el = entry.shadowRoot!.querySelector('parley-location-request')!;
  await el.updateComplete;
  const [share, decline] = [...el.shadowRoot!.querySelectorAll('button')] as [HTMLButtonElement, HTMLButtonElement];
  const status = () => textOf(el.shadowRoot!.querySelector('[role=status]'));
  const said = (what: string | RegExp) =>
    whenDom(el.shadowRoot!, () => (typeof what === 'string' ? status() === what : what.test(status())), `"${what}"`);
  return { t, entry, el, share, decline, status, said };
}

/**
 * A browser that never answers (a permission prompt left open, a stuck location service): Chromium cannot be told to
 * hold an answer, so navigator.geolocation is replaced in the page by one that keeps each request's callbacks for the
 * test to answer late, or never.
 */
function unansweringGeolocation() {
  const asked: Array<{ ok: PositionCallback; fail: PositionErrorCallback | null | undefined }> = [];
  const geolocation: Pick<Geolocation, 'getCurrentPosition'> = {
    getCurrentPosition: (ok, fail) => void asked.push({ ok, fail }),
  };
  Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
  const restore = () => Reflect.deleteProperty(navigator, 'geolocation');
  return { asked, restore };
}

const position = (latitude: number, longitude: number) => ({ coords: { latitude, longitude } }) as GeolocationPosition;

describe('<parley-location-request>: share my location', () => {
  it('granted: Enter on "Share my location" sends the position; the request goes, focus returns to the composer', async () => {
    await browserAnswers({ permission: 'granted', position: { latitude: 51.501324, longitude: -0.141888 } });
    const a = await asked();
    expect(a.share.textContent?.trim()).to.equal('Share my location');
    expect(a.decline.textContent?.trim()).to.equal('Not now');
    expect(a.el.shadowRoot!.querySelector('[role=group]')?.getAttribute('aria-label')).to.equal('Location request');
    await expect(a.el).to.be.accessible();
    a.share.focus();
    await sendKeys({ press: 'Enter' });
    const sent = await a.t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'location', latitude: 51.50132, longitude: -0.14189 });
    // The visitor's own location message is the newest entry: the request is no longer drawn.
    await a.t.when(
      () => a.t.messages().length === 2 && !a.entry.shadowRoot!.querySelector('parley-location-request'),
      'the request gone',
    );
    const mine = a.t.messages()[1]!.shadowRoot!.querySelector('a')!;
    expect(mine.href).to.equal('https://www.openstreetmap.org/?mlat=51.50132&mlon=-0.14189');
    expect(mine.rel).to.equal('noopener noreferrer');
    const composer = a.t.panel().shadowRoot!.querySelector('parley-composer')!;
    await a.t.when(() => composer.shadowRoot!.activeElement?.localName === 'textarea', 'focus in the composer');
    a.t.el.remove();
  });

  it('denied: says so in words, sends nothing, keeps focus; "Not now" declines with a postback', async () => {
    await browserAnswers({ permission: 'denied' });
    const a = await asked();
    a.share.focus();
    a.share.click();
    await a.said(/^Location access is blocked for this site, so nothing was shared\./);
    expect(a.el.shadowRoot!.activeElement).to.equal(a.share);
    await expect(a.el).to.be.accessible();
    a.decline.click();
    const declined = await a.t.frame('message.send');
    expect(declined.content).to.deep.equal({ type: 'postback', payload: LOCATION_DECLINED, label: 'Not now' });
    const state = await a.t.peer.control({ action: 'state' });
    const kinds = (state.conversations[0]!.messages as Array<{ content: { type: string } }>).map((m) => m.content.type);
    expect(kinds).to.deep.equal(['text', 'postback']);
    a.t.el.remove();
  });

  it('no position from the device: "isn\'t available right now", and a retry can still succeed', async () => {
    await browserAnswers({ permission: 'granted' });
    const a = await asked();
    a.share.click();
    await a.said("Your location isn't available right now. Try again, or type your address instead.");
    await browserAnswers({ permission: 'granted', position: { latitude: 48.8566, longitude: 2.3522 } });
    a.share.click();
    const sent = await a.t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'location', latitude: 48.8566, longitude: 2.3522 });
    a.t.el.remove();
  });

  it('speaks French: the flow\'s label, "Plus tard" and why nothing was shared', async () => {
    await browserAnswers({ permission: 'denied' });
    const a = await asked('fr', 'Partager ma position');
    await whenDom(a.el.shadowRoot!, () => a.decline.textContent?.trim() === 'Plus tard', 'the French words');
    expect(a.share.textContent?.trim()).to.equal('Partager ma position');
    a.share.click();
    await a.said(/^L’accès à la position est bloqué pour ce site : rien n’a été partagé\./);
    await expect(a.el).to.be.accessible();
    a.decline.click();
    const declined = await a.t.frame('message.send');
    expect(declined.content).to.deep.equal({ type: 'postback', payload: LOCATION_DECLINED, label: 'Plus tard' });
    a.t.el.remove();
  });

  it('the browser never answers: "took too long" once its patience runs out, focus stays on Share, nothing is sent', async () => {
    const geo = unansweringGeolocation();
    try {
      const a = await asked();
      a.el.patienceMs = 300;
      a.share.focus();
      await sendKeys({ press: 'Enter' });
      await a.el.updateComplete;
      expect(a.status()).to.equal('Finding your location… Your browser may ask for permission.');
      expect(a.share.getAttribute('aria-disabled')).to.equal('true');
      a.share.click(); // while waiting: not a second request
      expect(geo.asked).to.have.length(1);

      await a.said('Finding your location took too long. Try again, or type your address instead.');
      expect(a.share.getAttribute('aria-disabled')).to.equal('false');
      expect(a.el.shadowRoot!.activeElement).to.equal(a.share, 'focus stays where the visitor was, to try again');
      await expect(a.el).to.be.accessible();
      // The first request's answer arriving after the visitor was told it failed is not sent behind their back.
      geo.asked[0]!.ok(position(51.5, -0.14));
      await a.el.updateComplete;
      expect(a.status()).to.match(/took too long/);
      const state = await a.t.peer.control({ action: 'state' });
      const sent = (state.conversations[0]!.messages as Array<{ content: { type: string } }>).map(
        (m) => m.content.type,
      );
      expect(sent).to.deep.equal(['text'], "only the bot's question");

      // Trying again asks again, and an answer to that is shared.
      a.share.click();
      expect(geo.asked).to.have.length(2);
      geo.asked[1]!.ok(position(48.8566, 2.3522));
      const shared = await a.t.frame('message.send');
      expect(shared.content).to.deep.equal({ type: 'location', latitude: 48.8566, longitude: 2.3522 });
      a.t.el.remove();
    } finally {
      geo.restore();
    }
  });
});
