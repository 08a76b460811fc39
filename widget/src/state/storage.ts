/**
 * A namespaced, failure-proof view of localStorage. Storage can be missing (sandboxed iframes),
 * full, or disabled (private modes): every call degrades to "not stored" instead of throwing.
 * All tabs of the same site share the namespace, which is how they share one conversation.
 */
export class WidgetStorage {
  readonly prefix: string;

  constructor(
    namespace: string,
    private readonly backend: Storage | undefined = safeLocalStorage(),
  ) {
    this.prefix = storagePrefix(namespace);
  }

  /** The parsed value under `key`, or undefined when absent or unreadable. */
  get<T>(key: string): T | undefined {
    try {
      const raw = this.backend?.getItem(this.prefix + key);
      return raw == null ? undefined : (JSON.parse(raw) as T);
    } catch {
      return undefined;
    }
  }

  /** Stores `value` as JSON (undefined removes it). Returns false when the browser refused. */
  set(key: string, value: unknown): boolean {
    try {
      if (value === undefined) this.backend?.removeItem(this.prefix + key);
      else this.backend?.setItem(this.prefix + key, JSON.stringify(value));
      return this.backend !== undefined;
    } catch {
      return false;
    }
  }

  /** The bare key (without prefix) of a storage event for this namespace, or undefined. */
  keyOf(event: StorageEvent): string | undefined {
    return event.key?.startsWith(this.prefix) ? event.key.slice(this.prefix.length) : undefined;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The localStorage key prefix of a namespace (the server URL): every widget key starts with it. */
export function storagePrefix(namespace: string): string {
  return `parley:v1:${namespace}:`;
}
