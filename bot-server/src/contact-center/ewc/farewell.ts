/**
 * After the reconnect window the customer is handed back to the bot, but on the AACC side the chat is still
 * open on the agent's desktop, and what the customer wrote during the outage is still in the session buffer.
 * A farewell keeps trying to resume that chat (stored guid + authenticationKey, on the gateway's clock) for as
 * long as AACC may keep it (`farewellWindowMs`); once in, it delivers the customer's buffered messages, tells
 * the agent why the chat ends, and closes it. So no customer message is silently lost, and no agent is left
 * with a dead contact. It holds no socket between attempts. It is persisted as a job (farewell-jobs.ts) whose claim
 * it renews before each attempt, so a restarted or another instance completes it, and two never both try.
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import { wsText } from '../../transport/ws-text.js';
import { type Intrinsics, isInvalidSession, outbound, parseInboundFrame } from './frames.js';

export interface FarewellDeps {
  clock: Clock;
  log: Logger;
  openSocket: () => WebSocket;
  deviceType: string;
  resume: { guid: number; authenticationKey: string };
  intrinsics: Intrinsics;
  /** The customer's messages AACC never acknowledged, in order. */
  texts: string[];
  retryMs: number;
  /** Epoch ms on the clock after which AACC is assumed to have closed the chat itself. */
  deadline: number;
  /** Renew this instance's claim before an attempt; false when another instance has taken the farewell over. */
  claim: () => Promise<boolean>;
  /**
   * Called once, when the farewell is over here: delivered, refused (expired) or given up (the deadline) are final;
   * stopped (shutdown) and lost (another instance claimed it) leave it to whoever runs it next.
   */
  onDone: (outcome: FarewellOutcome) => void;
}

export type FarewellOutcome = 'delivered' | 'expired' | 'gave_up' | 'stopped' | 'lost';

/** What the agent reads last: why the chat ends without the customer. */
export function farewellNote(messages: number): string {
  const sent = messages === 0 ? 'nothing' : messages === 1 ? 'the message above' : `the ${messages} messages above`;
  return (
    '[Parley] The connection to this customer was lost for longer than the reconnect window, so the customer ' +
    `was handed back to the automated assistant and this chat is closed. Meanwhile they wrote ${sent}.`
  );
}

export class Farewell {
  private timer: TimerHandle | undefined;
  private socket: WebSocket | undefined;
  private done = false;

  constructor(private readonly deps: FarewellDeps) {}

  start(): void {
    this.schedule();
  }

  /** Gateway shutdown: stop trying here (the job stays for the next instance or run). */
  stop(): void {
    this.finish('stopped');
  }

  private schedule(): void {
    if (this.done) return;
    if (this.deps.clock.now() + this.deps.retryMs > this.deps.deadline) return this.finish('gave_up');
    this.timer = this.deps.clock.setTimeout(() => this.attempt(), this.deps.retryMs);
  }

  private attempt(): void {
    this.timer = undefined;
    if (this.done) return;
    this.deps.claim().then(
      (ours) => {
        if (this.done) return;
        if (!ours) return this.finish('lost');
        this.open();
      },
      // The store is away: not knowing whether it is still ours, do not try this time.
      () => this.schedule(),
    );
  }

  private open(): void {
    let ws: WebSocket;
    try {
      ws = this.deps.openSocket();
    } catch {
      // e.g. an HA fence: this instance no longer holds the conversation; AACC's resume window closes the chat.
      return this.finish('gave_up');
    }
    this.socket = ws;
    let accepted = false;
    ws.on('error', () => undefined);
    ws.on('open', () => {
      const { deviceType, intrinsics, resume } = this.deps;
      ws.send(outbound.requestChat({ deviceType, requestTranscript: false, intrinsics, resume }));
    });
    ws.on('message', (raw) => {
      const parsed = parseInboundFrame(wsText(raw));
      if (!parsed.ok) return;
      const frame = parsed.frame;
      if (frame.kind === 'chat_accepted' && !accepted) {
        accepted = true;
        for (const text of this.deps.texts) ws.send(outbound.newMessage(text));
        ws.send(outbound.newMessage(farewellNote(this.deps.texts.length)));
        ws.send(outbound.closeConversation());
      } else if (frame.kind === 'close' && accepted) {
        ws.close(1000, 'Closing conversation');
        this.finish('delivered');
      } else if (frame.kind === 'error' && !accepted) {
        if (isInvalidSession(frame)) this.finish('expired');
        ws.terminate();
      }
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
      // Everything was written before the close: AACC has it (the server answers closeConversation last).
      if (accepted) return this.finish('delivered');
      this.schedule();
    });
  }

  private finish(outcome: FarewellOutcome): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    if (outcome !== 'delivered' && outcome !== 'expired') this.socket?.terminate();
    this.deps.log.info({ outcome, messages: this.deps.texts.length }, 'EWC farewell over');
    this.deps.onDone(outcome);
  }
}
