/**
 * Delivery to a customer on WhatsApp, Messenger or X: each message stored in the conversation is checked against the
 * channel's window (at every send), rendered for the channel's capabilities (reply buttons or numbered choices, one
 * question per message for forms, carousels as numbered text) and written to the durable outbox, whose worker sends
 * it. An agent's `/template NAME ...` becomes a WhatsApp template. When a message cannot go, the agent (or the bot's
 * logic, through the conversation's events) is told why in words. One conversation's deliveries run one at a time,
 * in order, so the render state (the last choice offered, a form being asked) is read and written whole.
 */
import { randomUUID } from 'node:crypto';
import type { Author, Content, ConversationView, Message } from '@parley/protocol';
import { KeyedQueue } from '../../domain/keyed-queue.js';
import { conversationLocale, profileName } from '../../domain/messaging.js';
import type { ChannelIdentityRecord, MessagingStore, OutboxRecord } from '../../domain/messaging-ports.js';
import type { Outbound } from '../../domain/outbound.js';
import type { Clock, Store } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import type { Sender } from '../channel.js';
import type { SunshineRenderState } from '../sunshine/adapter.js';
import type { OutboundBodies } from '../sunshine/bodies.js';
import { capabilitiesOf } from '../sunshine/capabilities.js';
import type { SunshineClient } from '../sunshine/client.js';
import { formWords } from '../sunshine/form-words.js';
import { render, type RenderOptions } from '../sunshine/render.js';
import { buildTemplateMessage, parseTemplateCommand, type TemplateCatalogue } from '../sunshine/templates.js';
import { canSend, onAgentAnswer } from '../sunshine/window.js';
import { BurstIdentities } from './burst-identities.js';
import { eventWords } from './event-words.js';
import type { AgentNotices } from './notices.js';

export const MESSAGING_CHANNELS = new Set(['whatsapp', 'messenger', 'twitter']);

/** What the channel knows (profile name, WhatsApp number) fills a form's empty fields, so they are confirmed, not asked. */
function prefilled(content: Content, identity: ChannelIdentityRecord): Content {
  if (content.type !== 'form') return content;
  const known: Partial<Record<string, string>> = { name: profileName(identity.profile), phone: identity.profile.phone };
  const fields = content.fields.map((f) => {
    const value = f.value || known[f.kind];
    return value ? { ...f, value } : f;
  });
  return { ...content, fields };
}

export interface MessagingOutboundDeps {
  store: Store & MessagingStore;
  client: SunshineClient;
  notices: AgentNotices;
  clock: Clock;
  logger: ServiceLogger;
  templates: TemplateCatalogue | undefined;
  defaultLocale: string;
  /** The outbox has new bodies (as stored). */
  enqueued(records: OutboxRecord[]): void;
}

export class MessagingOutbound implements Outbound {
  private readonly queue = new KeyedQueue();
  private readonly identities: BurstIdentities;

  constructor(private readonly d: MessagingOutboundDeps) {
    this.identities = new BurstIdentities((id) => d.store.getChannelIdentityByConversation(id));
  }

  message(message: Message): void {
    if (!message.channel || !MESSAGING_CHANNELS.has(message.channel) || message.author.role === 'customer') return;
    this.run(message.conversationId, 'delivery', () => this.deliver(message));
  }

  view(_conversationId: string, _view: ConversationView): void {
    // The app shows no status line: what matters (queued, agent joined) arrives as event messages.
  }

  typing(conversationId: string, _author: Author): void {
    this.run(conversationId, 'typing', async () => {
      const identity = await this.identities.get(conversationId);
      if (!identity || !capabilitiesOf(identity.channel).typingIndicator) return;
      const r = await this.d.client.activity(identity.address, 'typing:start');
      if (r.kind !== 'ok') this.d.logger.debug({ conversationId, reason: r.reason }, 'typing not shown');
    });
  }

  /** A prompt outside the transcript (a form's next question), rendered and queued like a message. */
  prompt(conversationId: string, content: Content): Promise<void> {
    return this.queued(conversationId, async () => {
      const identity = await this.identities.get(conversationId);
      if (!identity) return;
      const r = render(content, capabilitiesOf(identity.channel), this.words(identity));
      await this.enqueue(identity, `prompt:${randomUUID()}`, r.messages);
    });
  }

  /** The inbox's reading of a customer's message, which writes the identity: not kept across it. */
  exclusive<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.queued(conversationId, async () => {
      this.identities.forget(conversationId);
      try {
        return await task();
      } finally {
        this.identities.forget(conversationId);
      }
    });
  }

  /** Resolves once every delivery queued so far has been written to the outbox (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.drain();
  }

  /** Parley's own words (form prompts, events) in the conversation's language, as the bot speaks it. */
  private words(identity: ChannelIdentityRecord): RenderOptions {
    const locale = conversationLocale(identity.profile, this.d.defaultLocale);
    return { eventText: eventWords(locale), formWords: formWords(locale) };
  }

  private queued<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.identities.during(conversationId, (t) => this.queue.run(conversationId, t), task);
  }

  private run(conversationId: string, what: string, task: () => Promise<void>): void {
    // Fire and forget: the core's Outbound is synchronous; failures are logged, the message stays in the transcript.
    void this.queued(conversationId, task).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.d.logger.error({ conversationId, err: { message } }, `messaging ${what} failed`);
    });
  }

  private async deliver(message: Message): Promise<void> {
    const { clock, notices } = this.d;
    const identity = await this.identities.get(message.conversationId);
    if (!identity) return;
    const { channel } = identity;
    const now = clock.now();
    const lastCustomerAt = identity.lastCustomerAt ?? undefined;
    const sender: Sender = message.author.role === 'agent' ? 'agent' : 'bot';
    const content = message.content;

    if (sender === 'agent' && content.type === 'text') {
      const command = parseTemplateCommand(content.text);
      if (command) return this.template(identity, message, command);
    }
    if (content.type === 'event' && content.event === 'agent_joined') {
      const advice = onAgentAnswer(channel, lastCustomerAt, now);
      if (!advice.welcome) {
        if (advice.advice) await notices.tell(identity.conversationId, advice.advice);
        return;
      }
    }
    const decision = canSend({ channel, lastCustomerAt, now, sender, kind: 'regular' });
    if (!decision.allowed) {
      // Events (queue, joins) are courtesy: only what someone wrote is worth telling about.
      if (content.type !== 'event') await notices.tell(identity.conversationId, decision.words);
      return;
    }
    const state = identity.renderState as SunshineRenderState;
    const r = render(prefilled(content, identity), capabilitiesOf(channel), {
      name: message.author.name,
      tag: decision.tag,
      ...this.words(identity),
    });
    const renderState: SunshineRenderState = {
      offered: r.offered ?? (r.form ? undefined : state.offered),
      form: r.form ?? (r.offered ? undefined : state.form),
    };
    // Most messages offer nothing new to answer (no choice, or the same menu again): the identity is then left alone,
    // one write fewer per bot message. Both sides as stored (JSON), so that absent and undefined compare equal.
    const changed = JSON.stringify(renderState) !== JSON.stringify(state);
    await this.enqueue(
      { ...identity, renderState: renderState as Record<string, unknown> },
      message.id,
      r.messages,
      changed,
    );
  }

  private async template(
    identity: ChannelIdentityRecord,
    message: Message,
    command: NonNullable<ReturnType<typeof parseTemplateCommand>>,
  ): Promise<void> {
    const { notices, clock } = this.d;
    const conversationId = identity.conversationId;
    if ('problem' in command) return notices.tell(conversationId, `Template not sent: ${command.problem}.`);
    const decision = canSend({
      channel: identity.channel,
      lastCustomerAt: identity.lastCustomerAt ?? undefined,
      now: clock.now(),
      sender: 'agent',
      kind: 'template',
    });
    if (!decision.allowed) return notices.tell(conversationId, decision.words);
    if (!this.d.templates)
      return notices.tell(conversationId, 'Template not sent: no template catalogue is configured.');
    const built = buildTemplateMessage(this.d.templates, command);
    if (!built.ok) return notices.tell(conversationId, `Template not sent: ${built.words}`);
    await this.enqueue(identity, message.id, [built.message.bodies]);
    await notices.record(conversationId, 'template_sent', {
      template: built.message.entry.name,
      text: built.message.fallbackText,
    });
    await notices.tell(conversationId, `Template "${built.message.entry.title}" sent: ${built.message.fallbackText}`);
  }

  private async enqueue(
    identity: ChannelIdentityRecord,
    key: string,
    bodies: OutboundBodies[],
    saveState = false,
  ): Promise<void> {
    const { store } = this.d;
    const now = this.d.clock.now();
    const fresh = saveState ? await store.getChannelIdentityByConversation(identity.conversationId) : undefined;
    // Gone: the customer has moved on to a new conversation, whose identity this one's state must not overwrite.
    const written = fresh && { ...fresh, renderState: identity.renderState, updatedAt: now };
    try {
      // The state is stored with the bodies, before them, in one transaction.
      const records = await store.enqueueOutbox(
        bodies.map((body, i) => ({
          key: `${key}:${i}`,
          conversationId: identity.conversationId,
          address: identity.address,
          body: body as unknown as Record<string, unknown>,
          now,
        })),
        written,
      );
      if (saveState) this.identities.saved(identity.conversationId, written);
      this.d.enqueued(records);
    } catch (err) {
      this.identities.forget(identity.conversationId);
      throw err;
    }
  }
}
