/**
 * The after-chat HTTP API of the Parley server (survey, transcript), authorised by the conversation's Bearer token
 * like uploads. `base` is `<server>/api/conversations/<id>`.
 */
export interface AfterChatTarget {
  base: string;
  token: string;
}

/** The conversation's API base, from the upload target the session already knows (same path, same token). */
export function afterChatTarget(upload: { url: string; token: string } | undefined): AfterChatTarget | undefined {
  return upload && { base: upload.url.replace(/\/attachments$/, ''), token: upload.token };
}

function call(t: AfterChatTarget, path: string, body?: unknown): Promise<Response> {
  return fetch(`${t.base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'omit',
    cache: 'no-store',
    headers: {
      Authorization: `Bearer ${t.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Whether to ask for a rating: only after a chat with an agent, once. Any failure means no. */
export async function surveyOffered(t: AfterChatTarget): Promise<boolean> {
  try {
    const res = await call(t, '/survey');
    return res.ok && ((await res.json()) as { offered?: unknown }).offered === true;
  } catch {
    return false;
  }
}

export async function sendSurvey(t: AfterChatTarget, rating: number, comment: string): Promise<boolean> {
  try {
    const res = await call(t, '/survey', { rating, comment });
    // 409: already given (another tab): the customer's answer is there all the same.
    return res.ok || res.status === 409;
  } catch {
    return false;
  }
}

const where = () => ({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: navigator.language });

/** The transcript as a file: fetched with the token (a plain link could not carry it), then saved by the browser. */
export async function downloadTranscript(t: AfterChatTarget, format: 'text' | 'html', root: Node): Promise<boolean> {
  try {
    const { tz, locale } = where();
    const query = new URLSearchParams({ format, tz, locale });
    const res = await call(t, `/transcript/download?${query.toString()}`);
    if (!res.ok) return false;
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name ?? `transcript.${format === 'html' ? 'html' : 'txt'}`;
    a.hidden = true;
    root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    return true;
  } catch {
    return false;
  }
}

export async function emailTranscript(t: AfterChatTarget, to: string): Promise<boolean> {
  try {
    return (await call(t, '/transcript/email', { to, ...where() })).ok;
  } catch {
    return false;
  }
}
