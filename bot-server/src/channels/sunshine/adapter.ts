/**
 * The Sunshine channels (WhatsApp, Messenger, X) behind the channel-neutral adapter interface, and the one entry
 * point the wiring imports. What rendering remembers per conversation (the last choice offered, a form being asked)
 * is returned, not kept: the caller stores it with the conversation, so it survives restarts and instances.
 */
import type { Content } from '@parley/protocol';
import type { ChannelAdapter, ChannelName } from '../channel.js';
import type { OutboundBodies } from './bodies.js';
import { capabilitiesOf } from './capabilities.js';
import type { OfferedChoice } from './choices.js';
import type { FormConversationState } from './form-conversation.js';
import { normaliseWebhook } from './normalise.js';
import { render, type RenderOptions } from './render.js';
import { canSend } from './window.js';

export interface SunshineRenderState {
  offered?: OfferedChoice | undefined;
  form?: FormConversationState | undefined;
}

export function sunshineAdapter(
  options: Omit<RenderOptions, 'tag'> = {},
): ChannelAdapter<OutboundBodies, SunshineRenderState> {
  return {
    capabilities: capabilitiesOf,
    inbound: normaliseWebhook,
    render(channel: ChannelName, content: Content, state: SunshineRenderState) {
      const r = render(content, capabilitiesOf(channel), options);
      // A message that offers nothing new leaves the last choice answerable ("1" after a follow-up text still works).
      const next: SunshineRenderState = {
        offered: r.offered ?? (r.form ? undefined : state.offered),
        form: r.form ?? state.form,
      };
      return { messages: r.messages, state: next };
    },
    canSend,
  };
}

export type { ChannelAdapter, ChannelCapabilities, InboundEvent, SendDecision } from '../channel.js';
export type { OutboundBodies } from './bodies.js';
export { CAPABILITIES, capabilitiesOf } from './capabilities.js';
export { choiceContent, matchChoice, type OfferedChoice } from './choices.js';
export { createSunshineClient, type SunshineClient } from './client.js';
export { answerForm, startForm, type FieldValidator } from './form-conversation.js';
export { normaliseWebhook } from './normalise.js';
export { render, renderActivity } from './render.js';
export { DEFAULT_RETRY, retryDelay, withRetry } from './retry.js';
export { buildTemplateMessage, loadTemplateCatalogue, parseTemplateCommand } from './templates.js';
export { canSend, onAgentAnswer } from './window.js';
