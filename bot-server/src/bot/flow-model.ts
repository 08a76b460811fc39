/** A loaded, validated flow: what the engine runs. Immutable once built. */
import type { Action } from '@parley/protocol';
import { QUEUE_LEAVE_PAYLOAD } from '../domain/ports.js';
import type { RichCatalogue } from '../rich/catalogue.js';
import type { FlowFile, FlowNode, FlowOption, FormDef, IntentDef } from './flow-schema.js';

export interface CompiledFlow {
  /** Flow name (directory name); stored in BotState.flow. */
  readonly id: string;
  readonly dir: string;
  /** Content hash of the source files, for logs. */
  readonly version: string;
  readonly settings: FlowFile;
  readonly nodes: Readonly<Record<string, FlowNode>>;
  readonly intents: Readonly<Record<string, IntentDef>>;
  readonly forms: Readonly<Record<string, FormDef>>;
  /** rich-responses.yaml beside the flow, for `say` nodes with `rich`. */
  readonly rich?: RichCatalogue;
}

/** The slot a location step keeps the shared place in, as "latitude, longitude" ({location} in templates). */
export const LOCATION_SLOT = 'location';

export function locationSlotValue(latitude: number, longitude: number): string {
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
}

/** Postback payloads are `n:<node>:<index>` or `i:<intent>:<index>`: stable across reloads while the option stays. */
export function nodeOptionPayload(nodeId: string, index: number): string {
  return `n:${nodeId}:${index}`;
}

/** The button that takes a waiting customer out of the queue: the conversation service, not the bot, reads it. */
export function leaveQueue(label: string): Action {
  return { type: 'postback', label, payload: QUEUE_LEAVE_PAYLOAD };
}

export function intentOptionPayload(intentId: string, index: number): string {
  return `i:${intentId}:${index}`;
}

/** Finds the option a payload refers to in this flow version; undefined if it is stale or forged. */
export function resolvePayload(flow: CompiledFlow, payload: string): FlowOption | undefined {
  const m = /^([ni]):([a-z][a-z0-9_.-]{0,63}):(\d{1,2})$/.exec(payload);
  if (!m) return undefined;
  const [, kind, id, idx] = m as unknown as [string, 'n' | 'i', string, string];
  const owner =
    kind === 'n'
      ? Object.hasOwn(flow.nodes, id)
        ? flow.nodes[id]
        : undefined
      : Object.hasOwn(flow.intents, id)
        ? flow.intents[id]
        : undefined;
  const opts = owner && 'options' in owner ? owner.options : undefined;
  return opts?.[Number(idx)];
}
