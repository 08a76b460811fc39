/** Browser-side helpers to drive the test peer (see parley-peer.mjs). */

let portPromise: Promise<number> | undefined;

async function peerPort(): Promise<number> {
  portPromise ??= fetch('/__parley-peer')
    .then((r) => r.json() as Promise<{ port: number }>)
    .then((j) => j.port);
  return portPromise;
}

/** A fresh, isolated peer scope for one test. */
export async function peerScope(): Promise<{
  server: string;
  wsUrl: string;
  control: (body: Record<string, unknown>) => Promise<any>;
}> {
  const port = await peerPort();
  const scope = `s${Math.random().toString(36).slice(2)}`;
  const server = `http://127.0.0.1:${port}/t/${scope}`;
  return {
    server,
    wsUrl: `ws://127.0.0.1:${port}/t/${scope}/ws`,
    control: (body) =>
      fetch(`${server}/control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json()),
  };
}

/** Polls `check` until it returns truthy (robust on slow machines; no fixed sleeps). */
export async function until<T>(
  check: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
