/**
 * Memory of a benchmarked process through its inspector (started with --inspect=127.0.0.1:0): a full garbage
 * collection first, so that what is measured is what the process keeps, not what it has not collected yet.
 */
import WebSocket from 'ws';
import { wsText } from '../../bot-server/src/transport/ws-text.js';

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** The inspector's WebSocket address in a process's output ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string {
  const m = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!m?.[1]) throw new Error('the process printed no inspector address (start it with --inspect=127.0.0.1:0)');
  return m[1];
}

/** Collects garbage in the process behind `url`, then reads its process.memoryUsage(). */
export async function measureMemory(url: string): Promise<Memory> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((ok, fail) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(wsText(data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
        if (reply.id !== mine) return;
        ws.off('message', onMessage);
        if (reply.error) fail(new Error(`${method}: ${JSON.stringify(reply.error)}`));
        else ok(reply.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    // Twice: the first collection's finalizers free more for the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const r = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const value = (r.result as { value: string }).value;
    const m = JSON.parse(value) as Memory;
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  } finally {
    ws.close();
  }
}
