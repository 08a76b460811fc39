/**
 * Frames about the agents' side of the chat (queue place, joins and leaves, messages, typing, page
 * push) turned into ContactCenter events. It owns the participant list; the session decides what a
 * change means for its phase, timers and buffer.
 */
import type { Logger } from 'pino';
import type { Clock, ContactCenterEvent } from '../../domain/ports.js';
import type { InboundFrame } from './frames.js';
import { defined, enrich, sameParticipants, toRef } from './participants.js';
import type { SessionData } from './persisted-session.js';
import { ReplayGuard } from './replay-guard.js';
import type { Phase } from './session-machine.js';

export type AgentFrame = Extract<
  InboundFrame,
  { kind: 'queue_status' | 'participant_joined' | 'participant_left' | 'agent_typing' | 'agent_message' | 'page_push' }
>;

const AGENT_KINDS: ReadonlySet<InboundFrame['kind']> = new Set<AgentFrame['kind']>([
  'queue_status',
  'participant_joined',
  'participant_left',
  'agent_typing',
  'agent_message',
  'page_push',
]);

export function isAgentFrame(frame: InboundFrame): frame is AgentFrame {
  return AGENT_KINDS.has(frame.kind);
}

/** What the frame means for the session beyond the event already emitted. */
export type AgentFrameOutcome = 'none' | 'participants_changed' | 'agent_message' | 'ended_by_agent';

export class AgentFrames {
  private readonly replays = new ReplayGuard();

  constructor(
    private readonly conversationId: string,
    private readonly data: Pick<SessionData, 'participants'>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly emit: (event: ContactCenterEvent) => void,
  ) {}

  handle(frame: AgentFrame, phase: Phase): AgentFrameOutcome {
    const { conversationId } = this;
    switch (frame.kind) {
      case 'queue_status':
        if (phase === 'queued')
          this.emit({
            type: 'queued',
            conversationId,
            ...defined({ position: frame.position, estimatedWaitSeconds: frame.estimatedWaitSeconds }),
          });
        return 'none';
      case 'participant_joined': {
        const participants = frame.participants.length > 0 ? frame.participants : [frame.agent];
        if (phase === 'active' && sameParticipants(participants, this.data.participants)) {
          this.log.debug('repeated newParticipant ignored');
          return 'none';
        }
        this.data.participants = participants;
        const agent = enrich(participants, frame.agent);
        this.emit({ type: 'agent_joined', conversationId, agent, participants: participants.map(toRef) });
        return 'participants_changed';
      }
      case 'participant_left': {
        if (frame.endChat) return 'ended_by_agent';
        this.data.participants = frame.participants;
        const agent = enrich(frame.participants, frame.agent);
        this.emit({ type: 'agent_left', conversationId, agent, participants: frame.participants.map(toRef) });
        return 'participants_changed';
      }
      case 'agent_typing':
        if (frame.typing && phase === 'active')
          this.emit({ type: 'agent_typing', conversationId, agent: enrich(this.data.participants, frame.agent) });
        return 'none';
      case 'agent_message': {
        if (this.replays.isReplay({ at: frame.at, name: frame.agent.name, text: frame.text })) return 'none';
        const agent = enrich(this.data.participants, frame.agent);
        this.emit({ type: 'agent_message', conversationId, agent, text: frame.text, at: frame.at ?? this.clock.now() });
        return 'agent_message';
      }
      case 'page_push': {
        if (!isHttpUrl(frame.url)) {
          this.log.warn('page push with a non-http(s) URL ignored');
          return 'none';
        }
        const agent = enrich(this.data.participants, frame.agent);
        this.emit({ type: 'page_push', conversationId, agent, url: frame.url, at: frame.at ?? this.clock.now() });
        return 'none';
      }
    }
  }
}

function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}
