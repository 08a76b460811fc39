/**
 * `npm run store:renew-epochs`: run once after restoring a database backup, before the instances serve again.
 *
 * A restored database can hand out sequence numbers that tabs already hold from before the restore, under the same
 * epoch, and a tab would then mix two different messages under one number without noticing. A new epoch makes every
 * held resume point stale, so each tab is sent its conversation afresh (`replay: "reset"`) instead.
 * Reads DATABASE_URL like the server (config module); prints how many conversations were renewed.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';

/** `env` is for tests; the command reads the process's environment through the config module. */
export async function renewAllEpochs(env?: Readonly<Record<string, string | undefined>>): Promise<number> {
  const config = env ? loadConfig(env) : loadConfig();
  const logger = createLogger(config.server, process.stderr);
  const store = await openStore(config.store, logger);
  try {
    const renewed = await store.renewEpochs();
    logger.info({ renewed }, 'conversation epochs renewed: tabs resuming from before the restore get a reset');
    return renewed;
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  renewAllEpochs().then(
    (n) => console.log(`renewed the epoch of ${n} conversation${n === 1 ? '' : 's'}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
