/**
 * @parley/aggregator-sim: a Sunshine Conversations / Smooch compatible aggregator for Parley's tests, demo and
 * `npm start`. See README.md for the options, the endpoints, the channel rules and the control API.
 */
export { startAggregatorSimulator, type AggregatorSimulator } from './simulator.js';
export type { AggregatorSimOptions, ApiVersion, RetryPolicy, SimLogger } from './options.js';
export { DEFAULT_PORT, DEFAULT_WEBHOOK_URL } from './options.js';
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { AggregatorControl, CustomerSnapshot, FailSwitch } from './control/control.js';
export { ControlError } from './control/control-error.js';
export type { SimEvent, SimEventOf, SimEventType, WebhookAttempt } from './model/events.js';
export type { StoredMessage, Content, DeliveryError } from './model/content.js';
export { CAPABILITIES, CHANNELS, type Channel, type Capabilities } from './model/channels.js';
export { signJwt } from './api/auth.js';
export { ManualClock } from './testing/manual-clock.js';
