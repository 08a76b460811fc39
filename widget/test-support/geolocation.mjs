/**
 * Lets a browser test answer for the visitor's browser through Chromium itself (DevTools protocol): the page's
 * geolocation permission (granted or denied, as if the visitor had answered the prompt) and the position the
 * device reports (or none: "position unavailable"). Nothing in the page is stubbed; navigator.geolocation is real.
 * From a test: executeServerCommand('geolocation', { permission: 'granted', position: { latitude, longitude } }).
 */
const sessions = new WeakMap();

export function geolocationPlugin() {
  return {
    name: 'parley-geolocation',
    async executeCommand({ command, payload, session }) {
      if (command !== 'geolocation') return undefined;
      const page = session.browser.getPage(session.id);
      const origin = new URL(page.url()).origin;
      // Grants geolocation, or (an empty list) denies every permission this test page could ask for.
      await page.browserContext().overridePermissions(origin, payload.permission === 'granted' ? ['geolocation'] : []);
      // One session per page: an emulated position lasts as long as the session that set it.
      let cdp = sessions.get(page);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(page, cdp);
      }
      const { position } = payload;
      await cdp.send('Emulation.setGeolocationOverride', position ? { ...position, accuracy: 10 } : {});
      return true;
    },
  };
}
