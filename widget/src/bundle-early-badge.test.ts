/** The BUILT loader paints the launcher before it reads the saved state (a slow first storage access), then the badge. */
import { expect } from '@open-wc/testing';
import { loadGatedWidget } from '../test-support/gated-widget.js';
import { withDeadline } from '../test-support/wait.js';
import { storagePrefix } from './state/storage.js';
import { UI_KEY } from './state/ui-state.js';

describe('built bundle, unread badge before boot', () => {
  it('adds the unread badge from the saved state to the launcher it painted', async () => {
    // A server of its own, so the saved state is this test's alone; boot stays held, so the badge is the loader's.
    const server = `http://127.0.0.1:9/unread-${Math.random().toString(36).slice(2)}`;
    const key = storagePrefix(server) + UI_KEY;
    localStorage.setItem(key, JSON.stringify({ open: false, lastReadSeq: 4, unread: 3, hasConversation: false }));
    try {
      const { host, button } = await loadGatedWidget({ server });
      const badge = () => host.shadowRoot!.querySelector('[part=badge]');
      if (!badge())
        await withDeadline(
          new Promise<void>((resolve) => {
            const observer = new MutationObserver(() => badge() && (observer.disconnect(), resolve()));
            observer.observe(host.shadowRoot!, { subtree: true, childList: true });
          }),
          'the unread badge',
        );
      expect(customElements.get('parley-chat')).to.equal(undefined);
      expect(badge()!.textContent).to.equal('3');
      expect(button.getAttribute('aria-label')).to.equal('Open chat, 3 unread');
    } finally {
      localStorage.removeItem(key);
    }
  });
});
