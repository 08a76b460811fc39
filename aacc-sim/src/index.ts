/**
 * @parley/aacc-sim: a simulator of Avaya Aura Contact Center for Parley's tests, demo and `npm start`.
 * See README.md for the options, the control API, the REST endpoints and the status reports.
 */
export { startSimulator, type Simulator } from './simulator.js';
export type { SimOptions, SimLogger, AgentSeed, SkillsetSeed, ComfortGroup, OnHoldUrlGroup } from './options.js';
export type { SimControl } from './control/sim-control.js';
export type { SimEvent, SimEventOf, SimEventType, SimEvents, SimEventMap } from './model/events.js';
export type { Clock } from './model/clock.js';
export { ManualClock } from './testing/manual-clock.js';
export { makeTestCertificate, type TestCertificate } from './testing/test-certificate.js';
export { TcpProxy } from './testing/tcp-proxy.js';
export type {
  AgentSnapshot,
  CallbackStatus,
  ContactSnapshot,
  CustomField,
  OutboxEntry,
  Participant,
  TranscriptEntry,
} from './model/types.js';
export type { TransferTarget, QueueMetric } from './model/contact-center.js';
export type { CallbackView } from './callbacks/callback-service.js';
export type { StatusReport } from './callbacks/status-reporter.js';
export { SimError, type SimErrorCode } from './errors.js';
export { internationalNumber } from './model/phone.js';
