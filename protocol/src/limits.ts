/** Limits both sides enforce. The server is authoritative; the widget mirrors them to help the user. */
export const LIMITS = {
  /** Maximum characters in one text message (AACC agent desktops take 4045; we stay under it with room for a prefix). */
  textMaxChars: 4096,
  /** Maximum WebSocket frame size in bytes (server maxPayload). */
  frameMaxBytes: 16 * 1024,
  clientMsgIdMaxChars: 64,
  labelMaxChars: 80,
  payloadMaxChars: 256,
  urlMaxChars: 2048,
  actionsMax: 11,
  formFieldsMax: 10,
  formValueMaxChars: 256,
  historyPageMax: 100,
  carouselItemsMax: 10,
} as const;
