/** What both webhook versions' readers share: the channel of a source type, times, and the events of one body. */
import {
  isChannelName,
  type ChannelName,
  type IgnoredEvent,
  type InboundEvent,
  type InboundResult,
} from '../channel.js';

/** The channels Parley serves through the aggregator (its own widget is the web channel). */
export function aggregatorChannel(type: string | undefined): ChannelName | undefined {
  return type !== undefined && type !== 'web' && isChannelName(type) ? type : undefined;
}

export const seconds = (s: number | undefined): number | undefined =>
  s === undefined ? undefined : Math.round(s * 1000);

/** Events and ignored elements of one body. */
export class Collector {
  readonly events: InboundEvent[] = [];
  readonly ignored: IgnoredEvent[] = [];
  constructor(private readonly trigger: string) {}

  push(channel: ChannelName | undefined, event: InboundEvent | undefined, ignoredId?: string): void {
    if (!channel) this.ignore('unsupported_channel', ignoredId ?? event?.eventId);
    else if (event) this.events.push(event);
  }

  ignore(reason: IgnoredEvent['reason'], eventId?: string, detail?: string, trigger = this.trigger): void {
    this.ignored.push({ reason, trigger, ...(eventId ? { eventId } : {}), ...(detail ? { detail } : {}) });
  }

  result(): InboundResult {
    return { ok: true, events: this.events, ignored: this.ignored };
  }
}
