import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ContactCenter } from '../model/contact-center.js';
import type { SimEvent } from '../model/events.js';
import type { Contact, ParticipantType } from '../model/types.js';
import type { ResolvedOptions } from '../options.js';
import { EwcSession, type SessionHost } from './ewc-session.js';
import { notification, type EwcFrame } from './frames.js';

export const EWC_PATH = '/CustomerControllerWeb/chat';
const MAX_FRAME_BYTES = 64 * 1024;

/** The customer-side EWC WebSocket endpoint: upgrades, sessions by guid, model events -> frames. */
export class EwcServer implements SessionHost {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly byGuid = new Map<number, EwcSession>();
  private readonly sessions = new Set<EwcSession>();
  private readonly missed = new Map<number, EwcFrame[]>();
  private refusing = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly model: ContactCenter,
    readonly opts: ResolvedOptions,
  ) {
    const listener = (e: SimEvent) => this.onEvent(e);
    model.events.on('event', listener);
    this.unsubscribe = () => model.events.off('event', listener);
  }

  /** Reject new upgrades with HTTP 503 while on. */
  refuseConnections(on: boolean): void {
    this.refusing = on;
  }

  /** Handle an HTTP upgrade for {@link EWC_PATH}. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refusing) return reject(socket, 503, 'Service Unavailable');
    const origin = req.headers.origin;
    if (this.opts.allowedOrigins && (!origin || !this.opts.allowedOrigins.includes(origin))) {
      this.opts.logger.warn({ origin }, 'ewc upgrade refused: origin not allowed');
      return reject(socket, 403, 'Forbidden');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new EwcSession(ws, this);
      this.sessions.add(session);
    });
  }

  bind(session: EwcSession, contact: Contact, resumed: boolean): EwcFrame[] {
    const previous = this.byGuid.get(contact.guid);
    if (previous && previous !== session) {
      this.byGuid.delete(contact.guid);
      previous.contact = undefined;
      previous.terminate();
    }
    this.byGuid.set(contact.guid, session);
    this.model.customerConnected(contact, resumed);
    const missed = this.missed.get(contact.guid) ?? [];
    this.missed.delete(contact.guid);
    return missed;
  }

  unbind(session: EwcSession): void {
    this.sessions.delete(session);
    const contact = session.contact;
    if (!contact || this.byGuid.get(contact.guid) !== session) return;
    this.byGuid.delete(contact.guid);
    this.model.customerDisconnected(contact);
  }

  /** The live session of a chat, if its customer is connected. */
  session(guid: number): EwcSession | undefined {
    return this.byGuid.get(guid);
  }

  /** Abruptly drop every socket. */
  dropAll(): void {
    for (const s of this.sessions) s.terminate();
  }

  close(): void {
    this.unsubscribe();
    this.dropAll();
    this.wss.close();
  }

  private role(role: ParticipantType): Record<string, string> {
    const f = this.opts.roleField;
    return {
      ...(f === 'role' || f === 'both' ? { role } : {}),
      ...(f === 'participantRole' || f === 'both' ? { participantRole: role } : {}),
    };
  }

  private toFrame(e: SimEvent): EwcFrame | undefined {
    switch (e.type) {
      case 'participant_joined':
        return notification('newParticipant', {
          agentId: e.agentId,
          displayName: e.name,
          ...this.role(e.role),
          numberOfParticipants: e.participants.length,
          participants: e.participants,
        });
      case 'participant_left':
        return notification('participantLeave', {
          agentId: e.agentId,
          displayName: e.name,
          endChatFlag: e.endChatFlag,
          numberOfParticipants: e.participants.length,
          participants: e.participants,
        });
      case 'agent_message':
        return notification('newMessage', {
          message: e.text,
          displayName: e.name,
          agentId: e.agentId,
          timestamp: e.at,
        });
      case 'agent_typing':
        return notification('isTyping', { agentId: e.agentId, displayName: e.name, isTyping: true });
      case 'agent_push_url':
        return notification('newPushPageMessage', {
          displayName: e.name,
          agentId: e.agentId,
          pagePushURL: e.url,
          pagePushDestination: 'newTab',
          message: e.url,
          timestamp: e.at,
        });
      case 'contact_queued':
      case 'contact_offered':
      case 'contact_answered':
      case 'contact_closed':
      case 'customer_message':
      case 'customer_typing':
      case 'customer_push_url':
      case 'customer_connected':
      case 'customer_disconnected':
      case 'agent_state':
      case 'transcript_emailed':
      case 'callback_status':
        // Customer-side and internal events have no frame (contact_closed is handled in onEvent).
        return undefined;
    }
  }

  private onEvent(e: SimEvent): void {
    if (!('guid' in e)) return;
    const session = this.byGuid.get(e.guid);
    if (e.type === 'contact_closed') {
      if (!session) {
        this.missed.delete(e.guid);
        return;
      }
      if (e.by === 'expired') session.terminate();
      else if (e.by === 'agent') {
        if (this.opts.agentEndSteps.closeConversation)
          session.send(notification('closeConversation', { result: true }));
        if (this.opts.agentEndSteps.serverClose) session.close(1000, 'Conversation ended by agent');
      }
      return;
    }
    const frame = this.toFrame(e);
    if (!frame) return;
    if (session) session.send(frame);
    else if (this.opts.replayOnResume) {
      const list = this.missed.get(e.guid) ?? [];
      list.push(frame);
      this.missed.set(e.guid, list);
    }
  }
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
