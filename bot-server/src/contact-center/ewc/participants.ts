/** The chat's participant list as AACC reports it, and its mapping to the domain's AgentRef. */
import type { AgentRef } from '../../domain/ports.js';
import type { EwcAgent } from './frames.js';

/** A supervisor observing does not count: the customer still waits for an agent. */
export function agentsPresent(participants: readonly EwcAgent[]): boolean {
  return participants.some((p) => p.role !== 'supervisor');
}

export function sameParticipants(a: readonly EwcAgent[], b: readonly EwcAgent[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]?.id && p.role === b[i]?.role);
}

export function toRef(a: EwcAgent): AgentRef {
  return defined({ id: a.id, name: a.name, role: a.role });
}

/** Fill what a frame left out (often the role) from the known participant with the same id or name. */
export function enrich(participants: readonly EwcAgent[], agent: EwcAgent): AgentRef {
  const known = participants.find(
    (p) =>
      (agent.id !== undefined && p.id === agent.id) ||
      (agent.id === undefined && agent.name !== undefined && p.name === agent.name),
  );
  return toRef({ ...known, ...agent, role: agent.role ?? known?.role });
}

/** Drops undefined members (the domain's optional fields are exact). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
