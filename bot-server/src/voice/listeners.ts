/** A minimal typed listener set: a throwing listener is logged and never stops the others. */
import type { VoiceLogger } from './provider-http.js';

export interface Listeners<T> {
  // Properties, not methods: they are handed around detached (onStatus: listeners.on).
  on: (listener: (event: T) => void) => () => void;
  emit: (event: T) => void;
}

export function createListeners<T>(logger: VoiceLogger, what: string): Listeners<T> {
  const set = new Set<(event: T) => void>();
  return {
    on(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event) {
      for (const l of [...set]) {
        try {
          l(event);
        } catch (err) {
          logger.error({ err, what }, 'voice listener threw');
        }
      }
    },
  };
}
