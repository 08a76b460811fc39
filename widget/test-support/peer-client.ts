/** Browser-side helpers to drive the test peer (see parley-peer.mjs). */
import type { ClientFrame, ClientFrameOf, ConversationView, Message } from '@parley/protocol';

let portPromise: Promise<number> | undefined;

async function peerPort(): Promise<number> {
  portPromise ??= fetch('/__parley-peer')
    .then((r) => r.json() as Promise<{ port: number }>)
    .then((j) => j.port);
  return portPromise;
}

type FrameType = ClientFrame['type'];

/** What the peer recorded for this scope. */
export interface PeerState {
  /** Every frame the widget sent, in order. */
  frames: ClientFrame[];
  sockets: number;
  conversations: { id: string; token: string; messages: Message[] }[];
}

/** Messages as the peer takes them in `push` and `seedHistory` (loosely typed, like JSON on the wire). */
export type PeerMessage = Omit<Message, 'content' | 'author'> & { author: Message['author']; content: unknown };

/** The controls of parley-peer.mjs, typed by action. */
export interface PeerControl {
  (body: { action: 'state' }): Promise<PeerState>;
  (body: {
    action: 'push';
    content: Record<string, unknown>;
    author?: Record<string, unknown>;
    quiet?: boolean;
  }): Promise<{
    ok: boolean;
    message?: Message;
  }>;
  (body: { action: 'view'; view: ConversationView }): Promise<{ ok: boolean }>;
  (body: { action: 'seedHistory'; messages: PeerMessage[] }): Promise<{ ok: boolean }>;
  (body: { action: 'set'; options: Record<string, unknown> }): Promise<{ ok: boolean }>;
  /** Upload counters (peer-attachments.mjs); `waitCancelled` answers once a held upload's client has gone. */
  (body: { action: 'uploads' | 'waitCancelled' }): Promise<{ uploads?: number; cancelled: number }>;
  (body: { action: 'releaseUploads' | 'releaseFiles' }): Promise<{ ok: boolean }>;
  (body: {
    action: 'drop' | 'close' | 'typing' | 'raw' | 'restart';
    code?: number;
    raw?: string;
    author?: Message['author'];
    active?: boolean;
  }): Promise<{ ok: boolean }>;
}

/** The frames of one type from a recorded list. */
export function framesOf<T extends FrameType>(frames: readonly ClientFrame[], type: T): ClientFrameOf<T>[] {
  return frames.filter((f): f is ClientFrameOf<T> => f.type === type);
}

/** A fresh, isolated peer scope for one test. */
export async function peerScope(): Promise<{
  server: string;
  wsUrl: string;
  control: PeerControl;
  /** Resolves with the first frame of `type` whose fields include `match`, as soon as the widget sends it. */
  frame: <T extends FrameType>(type: T, match?: Partial<ClientFrameOf<T>>) => Promise<ClientFrameOf<T>>;
}> {
  const port = await peerPort();
  const scope = `s${Math.random().toString(36).slice(2)}`;
  const server = `http://127.0.0.1:${port}/t/${scope}`;
  const post = (body: object): Promise<unknown> =>
    fetch(`${server}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  return {
    server,
    wsUrl: `ws://127.0.0.1:${port}/t/${scope}/ws`,
    control: post as PeerControl,
    frame: async (type, match = {}) => {
      const answer = (await post({ action: 'waitFrame', type, match })) as { ok: boolean; frame?: unknown };
      if (!answer.ok) throw new Error(`timed out waiting for frame ${type}`);
      return answer.frame as ClientFrameOf<typeof type>;
    },
  };
}
