/** Whether the server takes files from customers, and how large (GET /api/attachments on the Parley server). */
export interface UploadSettings {
  enabled: boolean;
  maxBytes: number;
}

const OFF: UploadSettings = { enabled: false, maxBytes: 0 };

/** Asks the server once; anything but a clear "on" (offline, old server, odd answer) keeps the attach button hidden. */
export async function fetchUploadSettings(server: string): Promise<UploadSettings> {
  try {
    const res = await fetch(`${server}/api/attachments`, { credentials: 'omit', cache: 'no-store' });
    if (!res.ok) return OFF;
    const body = (await res.json()) as Partial<UploadSettings>;
    return body.enabled === true && typeof body.maxBytes === 'number' && body.maxBytes > 0
      ? { enabled: true, maxBytes: body.maxBytes }
      : OFF;
  } catch {
    return OFF;
  }
}
