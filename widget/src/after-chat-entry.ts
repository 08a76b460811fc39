/** The after-chat pane (survey, transcript copy), loaded when a conversation ends (its own size budget). */
import { ParleyAfterChat } from './components/after-chat/after-chat.js';
import { define } from './define.js';

define('parley-after-chat', ParleyAfterChat);
