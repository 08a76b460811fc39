/**
 * The lazy part of the widget, loaded on first open or when a conversation already exists:
 * the panel's elements, protocol validation and the socket.
 */
import { ParleyComposer } from './components/composer/composer.js';
import { ParleyForm } from './components/form/form.js';
import { ParleyMessageList } from './components/message-list/message-list.js';
import { ParleyMessage } from './components/message/message.js';
import { ParleyPanel } from './components/panel/panel.js';
import { ParleyTypingIndicator } from './components/typing-indicator/typing-indicator.js';
import { define } from './define.js';
import { ChatSession } from './session/chat-session.js';
import type { SessionApi } from './session/session-api.js';
import type { SessionHost } from './session/session-host.js';
import type { WidgetStorage } from './state/storage.js';

define('parley-panel', ParleyPanel);
define('parley-message-list', ParleyMessageList);
define('parley-message', ParleyMessage);
define('parley-form', ParleyForm);
define('parley-composer', ParleyComposer);
define('parley-typing-indicator', ParleyTypingIndicator);

/** Starts the conversation for `host` (its ConnectionController is added to the host). */
export function createSession(host: SessionHost, storage: WidgetStorage): SessionApi {
  return new ChatSession(host, storage);
}
