/**
 * Watches a flow directory and calls `onChange` once per burst of changes (debounced). Editors save
 * through temp files and renames, so any event in the directory counts.
 */
import { watch, type FSWatcher } from 'node:fs';

export interface FlowWatcher {
  close(): void;
}

export function watchFlowDir(
  dir: string,
  debounceMs: number,
  onChange: () => void,
  onError: (err: Error) => void,
): FlowWatcher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        onChange();
      }, debounceMs);
    });
    watcher.on('error', onError);
  } catch (err) {
    onError(err as Error);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      watcher?.close();
    },
  };
}
