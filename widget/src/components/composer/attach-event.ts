/** A file the visitor picked with the attach button, for the panel to hand to the uploader. */
export class ParleyAttachEvent extends Event {
  static readonly type = 'parley-attach';
  constructor(readonly file: File) {
    super(ParleyAttachEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'parley-attach': ParleyAttachEvent;
  }
}
