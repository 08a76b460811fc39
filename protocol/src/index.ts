export * from './version.js';
export * from './errors.js';
export * from './limits.js';
export * from './messages.js';
export * from './frames.js';
export * from './parse.js';
export * from './content-text.js';
