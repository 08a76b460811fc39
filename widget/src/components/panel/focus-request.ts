/**
 * Asks the panel to put keyboard focus back in the composer (or on "New chat" once the conversation has
 * ended): sent by a control that is about to disappear or be disabled under the visitor's focus (a quick
 * reply, the Chat/Voice buttons, a submitted form), so focus never drops to the page body.
 */
export const FOCUS_REQUEST = 'parley-request-focus';

export function requestComposerFocus(from: EventTarget): void {
  from.dispatchEvent(new Event(FOCUS_REQUEST, { bubbles: true, composed: true }));
}
