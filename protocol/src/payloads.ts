/** Postback payloads with a meaning of their own (zod-free: the widget bundles this file alone). */

/** A customer declined a location request ("Not now"). */
export const LOCATION_DECLINED = 'parley:location-declined';
