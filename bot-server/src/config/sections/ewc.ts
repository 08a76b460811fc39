/** AACC Enterprise Web Chat gateway. Names follow the Koopid gateway parameter table. */
import * as z from 'zod';
import { bool, int, section, str } from '../env.js';

export const ewcSection = section('ewc', {
  /** e.g. wss://aacc.example.com:8445/CustomerControllerWeb/chat. Unset: start the built-in AACC simulator. */
  EWC_WEBSOCKET_URL: z
    .string()
    .trim()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  /** PEM bundle of CAs trusted for wss (self-signed or internal CA AACC certificates). */
  EWC_CA_PATH: str(),
  /** Origin header sent on the EWC upgrade (the EWC server may allow-list it). */
  EWC_ORIGIN: str(),
  /** Reconnect attempts to AACC after the EWC socket drops mid-chat. */
  wsReconnectMaxAttempt: int(5, 0, 1000),
  /** Milliseconds between EWC reconnect attempts. */
  wsReconnectInterval: int(5000, 100, 600_000),
  /** Milliseconds without a message either way before a chat with an agent is closed with a notice. */
  chatIdleInterval: int(240_000, 1000, 86_400_000),
  /** Milliseconds to wait for an agent to join before the chat is handed back to the bot. */
  agentWaitInterval: int(120_000, 1000, 86_400_000),
  /** Keep-alive ping on the EWC socket (<= 25 s satisfies a 30 s server keep-alive). */
  EWC_PING_INTERVAL: int(20_000, 500, 600_000),
  /** Milliseconds between queueStatus requests while a chat waits in AACC's queue (the place and wait the customer sees). */
  EWC_QUEUE_STATUS_INTERVAL: int(30_000, 1000, 600_000),
  /** Tell the customer when an agent joins, leaves, transfers or conferences. */
  SEND_AGENT_JOIN_INFO: bool(true),
  /** Show the agent's name to the customer. */
  SEND_AGENT_NAME: bool(true),
  /** AACC skillset for chats when the flow does not choose one. */
  DEFAULT_SKILLSET: str('WC_Default_Skillset'),
  /** Ask AACC to e-mail the transcript when the customer's e-mail is known. */
  EWC_REQUEST_TRANSCRIPT: bool(false),
  /** Port of the built-in simulator when EWC_WEBSOCKET_URL is unset (0 = any free port). */
  SIM_PORT: int(8081, 0, 65535),
  /** The built-in simulator keeps its open chats and agents' sign-in here, so a restart resumes them ('' = not kept). */
  SIM_STATE_FILE: str('./data/aacc-sim.json'),
});
