/** Bot flows and NLU. */
import { bool, section, str } from '../env.js';

export const botSection = section('bot', {
  /** Directory of flow YAML files. Default: the bundled flows (bot-server/flows). */
  FLOWS_DIR: str(),
  /** Watch flow files and reload them without a restart. */
  FLOWS_RELOAD: bool(true),
  /** Company name used by the default flow. */
  COMPANY_NAME: str('Northwind Energy'),
});
