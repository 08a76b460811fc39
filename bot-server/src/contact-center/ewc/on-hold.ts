/**
 * Web-On-Hold player: while the customer waits for an agent, plays the comfort messages (every
 * `delay` seconds, in sequence) and URLs (every `holdTime` seconds) that AACC delivered in the
 * requestChat notification. Stopped when an agent joins; resumed (not restarted) when the customer
 * is alone again, and never replayed after a socket resume.
 */
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ComfortGroup, UrlGroup } from './frames.js';

/** Floor for administrator-supplied periods, so bad data cannot produce a tight loop. */
const MIN_PERIOD_MS = 1000;

interface Track {
  periodMs: number;
  items: string[];
  next: number;
  timer?: TimerHandle;
}

export class OnHoldPlayer {
  private readonly tracks: Array<Track & { kind: 'text' | 'url' }>;
  private playing = false;

  constructor(
    private readonly clock: Clock,
    comfort: readonly ComfortGroup[],
    urls: readonly UrlGroup[],
    private readonly play: (item: { text: string } | { url: string }) => void,
  ) {
    this.tracks = [
      ...comfort
        .filter((g) => g.delaySeconds > 0)
        .map((g) => ({
          kind: 'text' as const,
          periodMs: Math.max(MIN_PERIOD_MS, g.delaySeconds * 1000),
          items: g.messages,
          next: 0,
        })),
      ...urls
        .filter((g) => g.holdTimeSeconds > 0)
        .map((g) => ({
          kind: 'url' as const,
          periodMs: Math.max(MIN_PERIOD_MS, g.holdTimeSeconds * 1000),
          items: g.urls,
          next: 0,
        })),
    ].filter((t) => t.items.length > 0);
  }

  get active(): boolean {
    return this.playing;
  }

  /** Start or resume playing; a no-op while already playing. */
  start(): void {
    if (this.playing) return;
    this.playing = true;
    for (const track of this.tracks) this.schedule(track);
  }

  stop(): void {
    this.playing = false;
    for (const track of this.tracks) {
      if (track.timer !== undefined) this.clock.clearTimeout(track.timer);
      delete track.timer;
    }
  }

  private schedule(track: Track & { kind: 'text' | 'url' }): void {
    track.timer = this.clock.setTimeout(() => {
      if (!this.playing) return;
      const item = track.items[track.next % track.items.length] as string;
      track.next += 1;
      this.play(track.kind === 'text' ? { text: item } : { url: item });
      this.schedule(track);
    }, track.periodMs);
  }
}

/** A session's Web-On-Hold: the groups AACC sent (kept in the persisted session data) and their player. */
export class SessionHold {
  private player: OnHoldPlayer;

  constructor(
    private readonly clock: Clock,
    private readonly data: { comfort: ComfortGroup[]; urls: UrlGroup[] },
    private readonly play: (item: { text: string } | { url: string }) => void,
  ) {
    this.player = new OnHoldPlayer(clock, data.comfort, data.urls, play);
  }

  /** AACC sent some Web-On-Hold content for this chat. */
  get known(): boolean {
    return this.data.comfort.length + this.data.urls.length > 0;
  }

  /** Take the groups of a newly accepted chat, replacing the player. */
  adopt(comfort: ComfortGroup[], urls: UrlGroup[]): void {
    this.player.stop();
    this.data.comfort = comfort;
    this.data.urls = urls;
    this.player = new OnHoldPlayer(this.clock, comfort, urls, this.play);
  }

  start(): void {
    this.player.start();
  }

  stop(): void {
    this.player.stop();
  }
}
