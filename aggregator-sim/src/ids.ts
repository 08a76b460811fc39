import { randomBytes } from 'node:crypto';

/** A 24-hex-digit id, the shape Smooch gives apps, users, conversations, messages and events. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}
