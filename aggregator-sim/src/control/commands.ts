import { z } from 'zod';
import { CHANNELS } from '../model/channels.js';
import type { AggregatorControl } from './control.js';
import { ControlError } from './control-error.js';

const id = z.string().min(1).max(64);
const customerId = z.object({ customerId: id });
const on = z.object({ on: z.boolean() });

interface Command<S extends z.ZodType> {
  args: S;
  run(control: AggregatorControl, args: z.infer<S>): unknown;
}

const command = <S extends z.ZodType>(c: Command<S>): Command<S> => c;

/** Every control command by name, with its argument schema (`POST /sim/control/<name>` with a JSON body). */
export const COMMANDS = {
  createCustomer: command({
    args: z.object({
      channel: z.enum(CHANNELS),
      name: z.string().trim().min(1).max(80),
      phone: z
        .string()
        .regex(/^\+[1-9]\d{6,14}$/)
        .optional(),
      locale: z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
        .optional(),
    }),
    run: (c, a) => c.createCustomer(a),
  }),
  customers: command({ args: z.object({}), run: (c) => c.customers() }),
  customer: command({ args: customerId, run: (c, a) => c.customer(a.customerId) }),
  received: command({ args: customerId, run: (c, a) => c.received(a.customerId) }),
  say: command({
    args: customerId.extend({ text: z.string().min(1).max(4096) }),
    run: (c, a) => c.say(a.customerId, a.text),
  }),
  tap: command({
    args: customerId.extend({ messageId: id, actionId: id }),
    run: (c, a) => c.tap(a.customerId, a.messageId, a.actionId),
  }),
  shareLocation: command({ args: customerId, run: (c, a) => c.shareLocation(a.customerId) }),
  typing: command({ args: customerId.extend({ on: z.boolean() }), run: (c, a) => c.typing(a.customerId, a.on) }),
  read: command({ args: customerId, run: (c, a) => c.read(a.customerId) }),
  age: command({
    args: customerId.extend({
      hours: z.coerce
        .number()
        .min(0)
        .max(24 * 365)
        .optional(),
    }),
    run: (c, a) => c.age(a.customerId, a.hours),
  }),
  fail: command({
    args: z.object({
      status: z.coerce
        .number()
        .int()
        .refine((s) => s === 429 || (s >= 500 && s <= 599), 'status must be 429 or 5xx'),
      count: z.coerce.number().int().min(1).optional(),
      retryAfterSeconds: z.coerce.number().int().min(0).max(3600).optional(),
    }),
    run: (c, a) => c.fail(a),
  }),
  slow: command({ args: z.object({ ms: z.coerce.number().int().min(0).max(120_000) }), run: (c, a) => c.slow(a.ms) }),
  reset: command({
    args: z.object({
      stage: z.enum(['before-store', 'after-store']),
      count: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    run: (c, a) => c.reset(a.stage, a.count),
  }),
  duplicateWebhooks: command({ args: on, run: (c, a) => c.duplicateWebhooks(a.on) }),
  offline: command({ args: on, run: (c, a) => c.offline(a.on) }),
  clearFaults: command({ args: z.object({}), run: (c) => c.clearFaults() }),
  faults: command({ args: z.object({}), run: (c) => c.faults() }),
  webhooks: command({ args: z.object({}), run: (c) => c.webhooks() }),
} as const;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Validate and run a command; throws ControlError on bad arguments or an unknown customer. */
export function runCommand(control: AggregatorControl, name: CommandName, args: unknown): unknown {
  const cmd = COMMANDS[name] as Command<z.ZodType>;
  const parsed = cmd.args.safeParse(args ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ControlError('bad_request', `Invalid arguments for ${name}: ${why}`);
  }
  return cmd.run(control, parsed.data) ?? null;
}
