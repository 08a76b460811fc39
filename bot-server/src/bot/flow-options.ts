/** A node's or an intent's options as the buttons the customer gets, and the option a typed label names. */
import type { Action } from '@parley/protocol';
import type { FlowNode, FlowOption, LocalText } from './flow-schema.js';
import { normaliseForMatch } from './text.js';

export function optionActions(
  options: readonly FlowOption[] | undefined,
  text: (t: LocalText) => string,
  payloadOf: (i: number) => string,
): Action[] | undefined {
  return options?.map((o, i): Action => {
    const label = text(o.label);
    if (o.url !== undefined) return { type: 'link', label, url: o.url };
    return { type: o.style ?? 'reply', label, payload: payloadOf(i) };
  });
}

/** Typing an option's label (e.g. on a channel without buttons) chooses it. */
export function matchOptionLabel(
  node: FlowNode | undefined,
  typed: string,
  text: (t: LocalText) => string,
): FlowOption | undefined {
  if (!node || (node.type !== 'choice' && node.type !== 'say') || !node.options) return undefined;
  const wanted = normaliseForMatch(typed);
  if (wanted === '') return undefined;
  return node.options.find((o) => o.url === undefined && normaliseForMatch(text(o.label)) === wanted);
}

/**
 * "Not now" typed at a location step: where the channel has no button for it (WhatsApp, Messenger), the customer says
 * so in words, which must move the step on rather than get "Sorry, I didn't catch that".
 */
const DECLINES = new Set(
  [
    'no',
    'nope',
    'not now',
    'no thanks',
    'no thank you',
    'skip',
    'later',
    'non',
    'pas maintenant',
    'non merci',
    'plus tard',
  ].map(normaliseForMatch),
);

export function declinesLocation(node: FlowNode | undefined, typed: string): boolean {
  return node?.type === 'location' && DECLINES.has(normaliseForMatch(typed));
}
