/**
 * Redis pub/sub between instances about leased sessions: "a request for this session is waiting in the store" and
 * "the customer is typing". Only a hint: the requests themselves are durable rows that the owner also reads on every
 * lease renewal, so a nudge lost while Redis is away delays a message by one renewal at most; typing is best effort.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type Nudge = { kind: 'forward' | 'typing'; conversationId: string };

const CHANNEL = 'parley:sessions:nudge';

export class Nudges {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    url: string,
    owner: string,
    private readonly logger: Logger,
  ) {
    this.pub = new Redis(url, { connectionName: `parley-sessions-pub:${owner}`, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { connectionName: `parley-sessions-sub:${owner}`, maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) client.on('error', () => undefined);
  }

  async listen(handler: (nudge: Nudge) => void): Promise<void> {
    this.sub.on('message', (_channel: string, raw: string) => {
      const nudge = parse(raw);
      if (nudge !== undefined) handler(nudge);
    });
    await this.sub.subscribe(CHANNEL);
  }

  send(nudge: Nudge): void {
    this.pub.publish(CHANNEL, JSON.stringify(nudge)).catch(() => this.logger.debug('session nudge not published'));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

function parse(raw: string): Nudge | undefined {
  try {
    const v = JSON.parse(raw) as Partial<Nudge>;
    if ((v.kind === 'forward' || v.kind === 'typing') && typeof v.conversationId === 'string')
      return { kind: v.kind, conversationId: v.conversationId };
  } catch {
    // not ours
  }
  return undefined;
}
