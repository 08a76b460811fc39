/** The bot's opening hours from configuration: chat (CHAT_HOURS, CHAT_DAYS) and callbacks (BUSINESS_HOURS, BUSINESS_DAYS). */
import type { BotConfig, ServerConfig, VoiceConfig } from '../config/index.js';
import { parseOpeningHours, type OpeningHours } from './opening-hours.js';

export function botHoursOf(config: {
  bot: Pick<BotConfig, 'CHAT_HOURS' | 'CHAT_DAYS' | 'HOLIDAYS'>;
  voice: Pick<VoiceConfig, 'BUSINESS_HOURS' | 'BUSINESS_DAYS'>;
  server: Pick<ServerConfig, 'TIMEZONE'>;
}): { chatHours?: OpeningHours; callbackHours: OpeningHours } {
  const { bot, voice, server } = config;
  return {
    ...(bot.CHAT_HOURS
      ? { chatHours: parseOpeningHours(bot.CHAT_HOURS, bot.CHAT_DAYS, server.TIMEZONE, bot.HOLIDAYS) }
      : {}),
    callbackHours: callbackHoursOf({ ...voice, TIMEZONE: server.TIMEZONE, HOLIDAYS: bot.HOLIDAYS }),
  };
}

/**
 * Callback hours (BUSINESS_HOURS, BUSINESS_DAYS, HOLIDAYS): the same for the bot's form and the voice service's own
 * check, so an API request cannot book a callback the form would refuse.
 */
export function callbackHoursOf(
  config: Pick<VoiceConfig, 'BUSINESS_HOURS' | 'BUSINESS_DAYS'> &
    Pick<ServerConfig, 'TIMEZONE'> &
    Partial<Pick<BotConfig, 'HOLIDAYS'>>,
): OpeningHours {
  return parseOpeningHours(config.BUSINESS_HOURS, config.BUSINESS_DAYS, config.TIMEZONE, config.HOLIDAYS ?? []);
}
