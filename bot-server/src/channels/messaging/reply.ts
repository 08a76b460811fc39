/**
 * A messaging customer's reply read against what we last showed them (the render state): an answer to the form being
 * asked one question at a time (validated by the bot's validators, a kind retry when invalid), a choice from the last
 * options ("1", "chat", a button's payload), or free text for the bot. Pure; the messaging service keeps the state.
 */
import { contentText, type Content, type CustomerContent } from '@parley/protocol';
import type { InboundEvent } from '../channel.js';
import type { SunshineRenderState } from '../sunshine/adapter.js';
import { choiceContent, type ChoiceReply } from '../sunshine/choices.js';
import { answerForm, type FieldValidator, type FormWords } from '../sunshine/form-conversation.js';

export type Interpretation =
  /** Give this to the conversation as the customer's message. */
  | { kind: 'customer'; content: CustomerContent; state: SunshineRenderState }
  /** The form goes on (or asks again): show this prompt to the customer, nothing reaches the bot yet. */
  | { kind: 'prompt'; prompt: Content; state: SunshineRenderState }
  | { kind: 'nothing' };

function replyOf(event: InboundEvent): ChoiceReply {
  const c = event.content;
  const text =
    c?.type === 'text' ? c.text : c?.type === 'postback' ? c.label : c ? contentText(c) : (event.caption ?? '');
  const payload = event.replyPayload ?? (c?.type === 'postback' ? c.payload : undefined);
  return { text, ...(payload === undefined ? {} : { payload }) };
}

export function interpretReply(
  state: SunshineRenderState,
  event: InboundEvent,
  validate: FieldValidator,
  words?: FormWords,
): Interpretation {
  const reply = replyOf(event);
  if (state.form) {
    const step = answerForm(state.form, reply, validate, words);
    if (step.status === 'asking') {
      return { kind: 'prompt', prompt: step.prompt, state: { form: step.state, offered: step.offered } };
    }
    return { kind: 'customer', content: step.response, state: {} };
  }
  const chosen = choiceContent(state.offered, reply);
  if (chosen?.type === 'postback') return { kind: 'customer', content: chosen, state: {} };
  if (event.content?.type === 'postback') return { kind: 'customer', content: event.content, state: {} };
  const text = (reply.text ?? '').trim();
  if (text === '') return { kind: 'nothing' };
  return { kind: 'customer', content: { type: 'text', text }, state };
}
