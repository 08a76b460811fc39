import { serverFrame, type ClientFrame, type ServerFrame } from '../src/phone-frames.js';

/** The page's socket to the simulator: validated frames both ways, reconnects (and says hello again) after a drop. */
export class PhoneConnection {
  private ws: WebSocket | undefined;
  private hello: ClientFrame | undefined;
  private closed = false;

  constructor(
    private readonly onFrame: (frame: ServerFrame) => void,
    private readonly onState: (connected: boolean) => void,
  ) {}

  start(hello: ClientFrame): void {
    this.hello = hello;
    this.open();
  }

  /** Resume this customer after a reconnect instead of creating a new one. */
  resumeAs(customerId: string): void {
    if (this.hello?.type === 'hello') this.hello = { ...this.hello, customerId };
  }

  send(frame: ClientFrame): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
  }

  private open(): void {
    const url = new URL('/phone/socket', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.onState(true);
      if (this.hello) ws.send(JSON.stringify(this.hello));
    });
    ws.addEventListener('message', (e: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = serverFrame.safeParse(data);
      if (parsed.success) this.onFrame(parsed.data);
    });
    ws.addEventListener('close', () => {
      this.onState(false);
      if (!this.closed) setTimeout(() => this.open(), 1000);
    });
  }
}
