import { z } from 'zod';
import { SimError } from '../errors.js';
import type { SimControl } from './sim-control.js';

const id = z.string().min(1).max(64);
const guid = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const target = z.union([z.object({ toAgentId: id }), z.object({ toSkillset: id })]);

interface Command<S extends z.ZodType> {
  args: S;
  /** True for commands an agent may issue about itself (the desktop); false for test-only faults. */
  agent: boolean;
  run(control: SimControl, args: z.infer<S>): unknown;
}

function command<S extends z.ZodType>(c: Command<S>): Command<S> {
  return c;
}

/** Every control command by name, with its argument schema (shared by HTTP and the desktop socket). */
export const COMMANDS = {
  login: command({
    agent: true,
    args: z.object({ agentId: id, password: z.string().max(256) }),
    run: (c, a) => c.login(a.agentId, a.password),
  }),
  logout: command({ agent: true, args: z.object({ agentId: id }), run: (c, a) => c.logout(a.agentId) }),
  setReady: command({
    agent: true,
    args: z.object({ agentId: id, ready: z.boolean() }),
    run: (c, a) => c.setReady(a.agentId, a.ready),
  }),
  answer: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id }),
    run: (c, a) => c.answer(a.agentId, a.contactId),
  }),
  say: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id, text: z.string().min(1).max(4045) }),
    run: (c, a) => c.say(a.agentId, a.contactId, a.text),
  }),
  typing: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id }),
    run: (c, a) => c.typing(a.agentId, a.contactId),
  }),
  pushUrl: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id, url: z.string().min(1).max(2048) }),
    run: (c, a) => c.pushUrl(a.agentId, a.contactId, a.url),
  }),
  transfer: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id, target }),
    run: (c, a) => c.transfer(a.agentId, a.contactId, a.target),
  }),
  conference: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id, otherAgentId: id }),
    run: (c, a) => c.conference(a.agentId, a.contactId, a.otherAgentId),
  }),
  leave: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id }),
    run: (c, a) => c.leave(a.agentId, a.contactId),
  }),
  close: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id }),
    run: (c, a) => c.close(a.agentId, a.contactId),
  }),
  observe: command({
    agent: true,
    args: z.object({ agentId: id, contactId: id }),
    run: (c, a) => c.observe(a.agentId, a.contactId),
  }),
  contacts: command({ agent: true, args: z.object({}), run: (c) => c.contacts() }),
  agents: command({ agent: true, args: z.object({}), run: (c) => c.agents() }),
  outbox: command({ agent: true, args: z.object({}), run: (c) => c.outbox() }),
  contact: command({ agent: false, args: z.object({ contactId: id }), run: (c, a) => c.contact(a.contactId) }),
  callback: command({ agent: false, args: z.object({ callbackId: id }), run: (c, a) => c.callback(a.callbackId) }),
  dropSocket: command({ agent: false, args: z.object({ guid }), run: (c, a) => c.dropSocket(a.guid) }),
  stall: command({
    agent: false,
    args: z.object({ guid, ms: z.number().int().min(0).max(600_000) }),
    run: (c, a) => c.stall(a.guid, a.ms),
  }),
  expireSession: command({ agent: false, args: z.object({ guid }), run: (c, a) => c.expireSession(a.guid) }),
  refuseConnections: command({
    agent: false,
    args: z.object({ on: z.boolean() }),
    run: (c, a) => c.refuseConnections(a.on),
  }),
  restart: command({ agent: false, args: z.object({}), run: (c) => c.restart() }),
  /**
   * Long poll for a process outside the simulator (a test driving agents over HTTP): resolves with the next
   * event of one of `types` (any type when empty), or null when none came within `timeoutMs`.
   */
  nextEvent: command({
    agent: false,
    args: z.object({
      types: z.array(z.string().max(64)).max(32).default([]),
      timeoutMs: z.number().int().min(1).max(30_000).default(10_000),
    }),
    run: (c, a) => c.waitFor((e) => a.types.length === 0 || a.types.includes(e.type), a.timeoutMs).catch(() => null),
  }),
} as const;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Validate and run a command; throws SimError on bad arguments or misuse. */
export async function runCommand(control: SimControl, name: CommandName, args: unknown): Promise<unknown> {
  const cmd = COMMANDS[name] as Command<z.ZodType>;
  const parsed = cmd.args.safeParse(args ?? {});
  if (!parsed.success) {
    throw new SimError(
      'bad_request',
      `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return (await cmd.run(control, parsed.data)) ?? null;
}
