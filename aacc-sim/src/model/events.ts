import { EventEmitter } from 'node:events';
import type { CallbackStatus, ClosedBy, Participant, ParticipantType } from './types.js';

interface ContactRef {
  contactId: string;
  guid: number;
  at: number;
}

/** Everything observable that happens in the simulated contact center. */
export type SimEvent =
  | (ContactRef & { type: 'contact_queued'; skillset: string; kind: 'chat' | 'voice' })
  | (ContactRef & { type: 'contact_offered'; agentId: string; kind: 'chat' | 'voice' })
  | (ContactRef & { type: 'contact_answered'; agentId: string; kind: 'chat' | 'voice' })
  | (ContactRef & { type: 'customer_message'; text: string })
  | (ContactRef & { type: 'customer_typing' })
  | (ContactRef & { type: 'customer_push_url'; url: string; destination: string })
  | (ContactRef & { type: 'customer_connected'; resumed: boolean })
  | (ContactRef & { type: 'customer_disconnected' })
  | (ContactRef & { type: 'agent_message'; agentId: string; name: string; text: string })
  | (ContactRef & { type: 'agent_typing'; agentId: string; name: string })
  | (ContactRef & { type: 'agent_push_url'; agentId: string; name: string; url: string })
  | (ContactRef & {
      type: 'participant_joined';
      agentId: string;
      name: string;
      role: ParticipantType;
      participants: Participant[];
    })
  | (ContactRef & {
      type: 'participant_left';
      agentId: string;
      name: string;
      endChatFlag: boolean;
      participants: Participant[];
    })
  | (ContactRef & { type: 'contact_closed'; by: ClosedBy; agentId?: string })
  | { type: 'agent_state'; at: number; agentId: string; loggedIn: boolean; ready: boolean }
  | (ContactRef & { type: 'transcript_emailed'; to: string })
  | (ContactRef & { type: 'callback_status'; callbackId: string; status: CallbackStatus; agentId?: string });

export type SimEventType = SimEvent['type'];

/** Distributes a union member by its `type`. */
export type SimEventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;

/** Listener arguments by channel: 'event' carries every SimEvent, each type's channel only that type. */
export type SimEventMap = { event: [SimEvent] } & { [T in SimEventType]: [SimEventOf<T>] };

/** The model's typed emitter: `on('contact_offered', e => ...)` gets a checked `SimEventOf<'contact_offered'>`. */
export class SimEvents extends EventEmitter<SimEventMap> {
  constructor() {
    super();
    // Every desktop socket and EWC session listens; the default cap of 10 would warn under load.
    this.setMaxListeners(0);
  }

  /** Emit on 'event' and on the event's own type. */
  publish(event: SimEvent): void {
    this.emit<'event'>('event', event);
    // Each type's channel carries that type's member; TypeScript cannot correlate the two through the union.
    (this as EventEmitter<Record<SimEventType, [SimEvent]>>).emit(event.type, event);
  }
}
