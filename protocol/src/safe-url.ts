/** Only https:, http: and mailto: / tel: links ever reach a customer (zod-free: the widget bundles it alone). */
export function isSafeUrl(u: string): boolean {
  try {
    const parsed = new URL(u);
    return ['https:', 'http:', 'mailto:', 'tel:'].includes(parsed.protocol);
  } catch {
    return false;
  }
}
