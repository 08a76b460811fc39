/**
 * Registers a custom element once. The script may be pasted twice on a host page (or two versions
 * may meet): a second registration is skipped instead of throwing.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
