/** AACC Enterprise Web Chat gateway. Names follow the Koopid gateway parameter table. */
import * as z from 'zod';
import { bool, int, section, str } from '../env.js';

export const ewcSection = section('ewc', {
  /** e.g. wss://aacc.example.com:8445/CustomerControllerWeb/chat. Unset: start the built-in AACC simulator. */
  EWC_WEBSOCKET_URL: z.string().trim().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL').optional(),
  /** PEM bundle of CAs trusted for wss (self-signed or internal CA AACC certificates). */
  EWC_CA_PATH: str(),
  /** Origin header sent on the EWC upgrade (the EWC server may allow-list it). */
  EWC_ORIGIN: str(),
  wsReconnectMaxAttempt: int(5, 0, 1000),
  wsReconnectInterval: int(5000, 100, 600_000),
  chatIdleInterval: int(240_000, 1000, 86_400_000),
  agentWaitInterval: int(120_000, 1000, 86_400_000),
  /** Keep-alive ping on the EWC socket (<= 25 s satisfies a 30 s server keep-alive). */
  EWC_PING_INTERVAL: int(20_000, 500, 600_000),
  SEND_AGENT_JOIN_INFO: bool(true),
  SEND_AGENT_NAME: bool(true),
  DEFAULT_SKILLSET: str('WC_Default_Skillset'),
  /** Ask AACC to e-mail the transcript when the customer's e-mail is known. */
  EWC_REQUEST_TRANSCRIPT: bool(false),
  /** Port of the built-in simulator when EWC_WEBSOCKET_URL is unset (0 = any free port). */
  SIM_PORT: int(8081, 0, 65535),
});
