/** Bot flows and NLU, and when the bot may put customers through to a chat agent. */
import * as z from 'zod';
import { bool, list, section, str } from '../env.js';

export const botSection = section('bot', {
  /** Directory of flow YAML files. Default: the bundled flows (bot-server/flows). */
  FLOWS_DIR: str(),
  /** Watch flow files and reload them without a restart. */
  FLOWS_RELOAD: bool(true),
  /** Company name used by the default flow. */
  COMPANY_NAME: str('Northwind Energy'),
  /**
   * Hours chat agents are there, local to TIMEZONE: "08:00-20:00". Outside them (or CHAT_DAYS, or HOLIDAYS) the
   * bot says so and offers a callback in business hours or a message. Unset: chat is always open.
   */
  CHAT_HOURS: z
    .string()
    .trim()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must look like 08:00-20:00')
    .optional(),
  /** Days chat agents are there, 0 = Sunday (with CHAT_HOURS). */
  CHAT_DAYS: z
    .string()
    .trim()
    .regex(/^[0-6]-[0-6]$/, 'must look like 1-5')
    .default('1-5'),
  /** Local dates when nobody is there, for chat and callbacks alike: "2026-12-25,2026-12-26". */
  HOLIDAYS: list([]).pipe(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates must look like 2026-12-25'))),
});
