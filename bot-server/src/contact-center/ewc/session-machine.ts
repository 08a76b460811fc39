/**
 * The per-conversation EWC session state machine (pure; no I/O, no clock).
 *
 *   idle --start--> connecting --socket_open--> requested --accepted--> queued <--agents_changed--> active
 *   idle --recover--> reconnecting --retry--> connecting            (resume with stored guid + key)
 *   connecting|requested|queued|active --socket_lost(resumable, attempts left)--> reconnecting
 *   a failed reconnect attempt is a socket_lost in `connecting`/`requested` like any other
 *   any live phase --end--> closing --closed--> closed
 *   any live phase --fail--> closed
 *
 * A socket may only be opened on the transition INTO `connecting`, which is only reachable from
 * `idle` or `reconnecting` (phases without a socket), so one conversation never has two upstream
 * sockets.
 */

export type Phase = 'idle' | 'connecting' | 'requested' | 'queued' | 'active' | 'reconnecting' | 'closing' | 'closed';

export type PhaseEvent =
  | { type: 'start' }
  | { type: 'recover' }
  | { type: 'socket_open' }
  | { type: 'accepted'; agentsPresent: boolean }
  | { type: 'agents_changed'; agentsPresent: boolean }
  /** resumable: AACC issued a guid for this chat; attemptsLeft: the reconnect budget is not spent. */
  | { type: 'socket_lost'; resumable: boolean; attemptsLeft: boolean }
  | { type: 'retry' }
  | { type: 'end' }
  | { type: 'closed' }
  | { type: 'fail' };

export type TransitionResult = { ok: true; phase: Phase } | { ok: false; phase: Phase; event: PhaseEvent['type'] };

/** Phases in which the session holds (or is opening) an upstream socket. */
export const SOCKET_PHASES: ReadonlySet<Phase> = new Set(['connecting', 'requested', 'queued', 'active', 'closing']);

/** Compute the next phase; `ok: false` marks an illegal transition (the caller logs and ignores it). */
export function transition(phase: Phase, event: PhaseEvent): TransitionResult {
  const to = (next: Phase): TransitionResult => ({ ok: true, phase: next });
  const illegal: TransitionResult = { ok: false, phase, event: event.type };
  if (phase === 'closed') return illegal;

  switch (event.type) {
    case 'start':
      return phase === 'idle' ? to('connecting') : illegal;
    case 'recover':
      return phase === 'idle' ? to('reconnecting') : illegal;
    case 'retry':
      return phase === 'reconnecting' ? to('connecting') : illegal;
    case 'socket_open':
      return phase === 'connecting' ? to('requested') : illegal;
    case 'accepted':
      return phase === 'requested' ? to(event.agentsPresent ? 'active' : 'queued') : illegal;
    case 'agents_changed':
      return phase === 'queued' || phase === 'active' ? to(event.agentsPresent ? 'active' : 'queued') : illegal;
    case 'socket_lost':
      if (phase === 'closing') return to('closed');
      if (phase === 'idle' || phase === 'reconnecting') return illegal;
      return event.resumable && event.attemptsLeft ? to('reconnecting') : to('closed');
    case 'end':
      return phase === 'closing' ? illegal : to('closing');
    case 'closed':
      return to('closed');
    case 'fail':
      return to('closed');
  }
}
