/** A fresh idempotency key for a customer message (matches the protocol's `[A-Za-z0-9_.:-]{1,64}`). */
export function newClientMsgId(): string {
  return `w-${crypto.randomUUID()}`;
}
