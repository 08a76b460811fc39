/**
 * The messaging channels' entry point into the conversation core (WhatsApp, Messenger and X through an aggregator):
 * each stored inbound event, in per-customer order. A customer's message or tap finds or opens their conversation on
 * that channel (the profile, kept with the identity, pre-fills the details step: see the outbound), moves the 24-hour window to the
 * channel's own timestamp, is read against what the customer was last shown (a form being asked, a choice offered)
 * and then goes to the same ConversationService as the web widget's messages: the same bot, the same state machine,
 * the same escalation to an agent. Activity and delivery reports update state; failures are told in words.
 * No express, ws or aggregator client here: rendering and sending sit behind the injected channel side.
 */
import { createHash, randomUUID } from 'node:crypto';
import { LIMITS, type Content, type ContentOf, type CustomerContent } from '@parley/protocol';
import type { CustomerProfile, InboundEvent } from '../channels/channel.js';
import { statusOf } from './conversation-data.js';
import type { ConversationService } from './conversation-service.js';
import type { ChannelIdentityRecord, MessagingStore } from './messaging-ports.js';
import type { Clock, Store } from './ports.js';
import type { ServiceLogger } from './service-context.js';
import type { Session } from './sessions.js';

export type ReplyReading =
  | { kind: 'customer'; content: CustomerContent; renderState: Record<string, unknown> }
  | { kind: 'prompt'; prompt: Content; renderState: Record<string, unknown> }
  | { kind: 'nothing' };

/** What the messaging entry point needs from the channel side (rendering, the outbox, the agent's side). */
export interface MessagingChannelSide {
  /** Reads a reply against the render state (channels/messaging/reply.ts), in the conversation's language. */
  read(renderState: Record<string, unknown>, event: InboundEvent, locale: string): ReplyReading;
  /** Shows the customer a prompt that is not part of the transcript (the next question of a form). */
  prompt(conversationId: string, content: Content): Promise<void>;
  /** Runs `task` while no outbound rendering of the conversation runs, so render state is read and written whole. */
  exclusive<T>(conversationId: string, task: () => Promise<T>): Promise<T>;
  /** A delivery failure reported by the channel, in words, for the agent (or the bot's logic). */
  deliveryFailed(conversationId: string, words: string, windowClosed: boolean): Promise<void>;
  /** Which conversation an outbound message (by the aggregator's id) belonged to. */
  conversationOfMessage(externalId: string): Promise<string | undefined>;
  /** Customers' pictures and files: downloaded, checked, scanned and stored (absent: they are not taken). */
  media?: MessagingMedia;
}

/** The attachment pipeline as the messaging entry point sees it. */
export interface MessagingMedia {
  take(
    conversationId: string,
    file: { url: string; name?: string | undefined; claimedType?: string | undefined; source: string },
  ): Promise<{ ok: true; content: ContentOf<'image'> | ContentOf<'file'> } | { ok: false; words: string }>;
  /** Tells the customer (and the agent) why their file went nowhere. */
  refused(conversationId: string, words: string): Promise<void>;
}

export interface MessagingDeps {
  store: Store & MessagingStore;
  service: ConversationService;
  channel: MessagingChannelSide;
  clock: Clock;
  logger: ServiceLogger;
  defaultLocale: string;
}

/** A customer's name as the channel gives it. */
export function profileName(profile: CustomerProfile | undefined): string | undefined {
  if (!profile) return undefined;
  const full = [profile.givenName, profile.surname].filter(Boolean).join(' ').trim();
  return full || profile.displayName?.trim() || undefined;
}

/**
 * A messaging conversation's language, from the channel's profile (fr-FR: fr) or the server's default. The bot speaks
 * it (it is the conversation's locale) and the channel side's own words (form prompts, events) follow it.
 */
export function conversationLocale(profile: CustomerProfile | undefined, fallback: string): string {
  return profile?.locale?.slice(0, 2).toLowerCase() || fallback;
}

/** Aggregator ids are not all clientMsgId-safe (a v1.1 postback key holds the action): a stable digest is. */
function clientMsgIdOf(eventId: string): string {
  return `ch-${createHash('sha256').update(eventId).digest('hex').slice(0, 40)}`;
}

export class MessagingService {
  constructor(private readonly d: MessagingDeps) {}

  /** One stored inbound event. Resolves when its effects are done (the inbox then marks it processed). */
  async handle(event: InboundEvent): Promise<void> {
    switch (event.kind) {
      case 'message':
      case 'postback':
        return this.customerMessage(event);
      case 'typing': {
        const found = await this.current(event);
        if (found) await this.d.service.typing(this.session(found), event.typing === true);
        return;
      }
      case 'read':
        this.d.logger.debug({ channel: event.channel }, 'customer read our messages');
        return;
      case 'delivery':
        return this.delivery(event);
    }
  }

  private async customerMessage(event: InboundEvent): Promise<void> {
    const { store, service, channel } = this.d;
    const stored = await store.getChannelIdentity(event.channel, event.appId, event.customerKey);
    const identity = (await this.stillOpen(stored)) ?? (await this.open(event, stored));
    const conversationId = identity.conversationId;
    const session = this.session(identity);
    const known = identity;
    const reading = await channel.exclusive(conversationId, async () => {
      const fresh = (await store.getChannelIdentityByConversation(conversationId)) ?? known;
      const profile = { ...fresh.profile, ...event.profile };
      const result = channel.read(fresh.renderState, event, conversationLocale(profile, this.d.defaultLocale));
      await store.saveChannelIdentity({
        ...fresh,
        address: event.address,
        profile,
        // The channel's own time decides the window, never the arrival: a late event cannot shorten it.
        lastCustomerAt: Math.max(fresh.lastCustomerAt ?? 0, event.channelTimestamp),
        renderState: result.kind === 'nothing' ? fresh.renderState : result.renderState,
        updatedAt: this.d.clock.now(),
      });
      return result;
    });
    if (reading.kind === 'prompt') return channel.prompt(conversationId, reading.prompt);
    if (reading.kind === 'nothing') return;
    const media = event.content?.type === 'image' || event.content?.type === 'file' ? event.content : undefined;
    if (media && channel.media) return this.customerFile(conversationId, event, media, channel.media);
    const content =
      reading.content.type === 'text'
        ? { ...reading.content, text: reading.content.text.slice(0, LIMITS.textMaxChars) }
        : reading.content;
    await service.send(session, { type: 'message.send', clientMsgId: clientMsgIdOf(event.eventId), content }, () => {});
  }

  /** A picture or file: stored and posted with Parley's signed link once the pipeline has passed it. */
  private async customerFile(
    conversationId: string,
    event: InboundEvent,
    media: ContentOf<'image'> | ContentOf<'file'>,
    side: MessagingMedia,
  ): Promise<void> {
    const name = media.type === 'file' ? media.name : media.alt;
    const taken = await side.take(conversationId, {
      url: media.url,
      name,
      claimedType: media.mimeType,
      source: event.channel,
    });
    if (!taken.ok) return side.refused(conversationId, taken.words);
    await this.d.service.postCustomerContent(conversationId, clientMsgIdOf(event.eventId), taken.content);
  }

  /** The customer's identity with a conversation that is still open; undefined when a new one must be opened. */
  private async current(event: InboundEvent): Promise<ChannelIdentityRecord | undefined> {
    return this.stillOpen(await this.d.store.getChannelIdentity(event.channel, event.appId, event.customerKey));
  }

  private async stillOpen(identity: ChannelIdentityRecord | undefined): Promise<ChannelIdentityRecord | undefined> {
    if (!identity) return undefined;
    const conv = await this.d.store.getConversation(identity.conversationId);
    return conv && statusOf(conv) !== 'ended' ? identity : undefined;
  }

  /**
   * A new conversation on the customer's channel (and visitor, the first time), greeted by the bot. `before` is
   * the customer's identity from an ended conversation, if any: the visitor, profile and window carry over.
   */
  private async open(event: InboundEvent, before: ChannelIdentityRecord | undefined): Promise<ChannelIdentityRecord> {
    const { store, clock, service } = this.d;
    const now = clock.now();
    let visitorId = before?.visitorId;
    const profile = { ...before?.profile, ...event.profile };
    const locale = conversationLocale(profile, this.d.defaultLocale);
    if (!visitorId) {
      visitorId = randomUUID();
      // No browser token ever hashes to this: the visitor is reached through the channel only.
      await store.createVisitor({ id: visitorId, tokenHash: `channel:${randomUUID()}`, locale, now });
    }
    const conversationId = randomUUID();
    await store.createConversation({
      id: conversationId,
      visitorId,
      channel: event.channel,
      state: 'bot',
      data: { locale },
      now,
    });
    const identity: ChannelIdentityRecord = {
      channel: event.channel,
      appId: event.appId,
      customerKey: event.customerKey,
      visitorId,
      conversationId,
      address: event.address,
      profile,
      // The greeting answers this very message: the window opens with it, before the bot speaks.
      lastCustomerAt: Math.max(before?.lastCustomerAt ?? 0, event.channelTimestamp),
      renderState: {},
      updatedAt: now,
    };
    await store.saveChannelIdentity(identity);
    this.d.logger.info({ conversationId, channel: event.channel }, 'messaging conversation opened');
    await service.greet(conversationId);
    return identity;
  }

  private async delivery(event: InboundEvent): Promise<void> {
    const report = event.delivery;
    if (!report || report.status !== 'failure') return;
    const conversationId = await this.d.channel.conversationOfMessage(report.messageId);
    const text = report.error?.text ?? 'The message could not be delivered.';
    if (!conversationId) {
      this.d.logger.warn({ channel: event.channel }, 'delivery failure for an unknown message');
      return;
    }
    await this.d.channel.deliveryFailed(conversationId, text, report.error?.windowClosed === true);
  }

  private session(identity: ChannelIdentityRecord): Session {
    return {
      visitorId: identity.visitorId,
      conversationId: identity.conversationId,
      locale: conversationLocale(identity.profile, this.d.defaultLocale),
      // Per-customer abuse limits (callbacks) count per channel user, as the web counts per client address.
      clientAddress: `${identity.channel}:${identity.customerKey}`.slice(0, 200),
    };
  }
}
