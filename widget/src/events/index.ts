export * from './parley-open.js';
export * from './parley-close.js';
export * from './parley-message.js';
export * from './parley-message-send.js';
export * from './parley-escalate.js';
export * from './parley-connection-change.js';
export * from './parley-unread.js';
