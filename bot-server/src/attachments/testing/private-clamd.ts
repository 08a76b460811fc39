/**
 * Test support: a private clamd for one suite, in its own temporary directory, whose only signature is the EICAR
 * test signature this module writes (the official database cannot be downloaded where the tests run). Ready when
 * it answers PING; `stop()` ends it, which is also how a suite takes the scanner down mid-test.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAMD_BINARY, startPrivateClamd, writeEicarSignatures, type PrivateClamd } from '../clamd-daemon.js';

export { EICAR } from '../clamd-daemon.js';

export function clamdInstalled(): boolean {
  return existsSync(CLAMD_BINARY);
}

export async function startTestClamd(maxStreamBytes = 64 * 1024 * 1024): Promise<PrivateClamd> {
  const signaturesDir = mkdtempSync(join(tmpdir(), 'parley-clamd-sigs-'));
  writeEicarSignatures(signaturesDir);
  const clamd = await startPrivateClamd({ signaturesDir, maxStreamBytes, readyTimeoutMs: 30_000 });
  let stopped = false;
  return {
    url: clamd.url,
    signatures: signaturesDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await clamd.stop();
      rmSync(signaturesDir, { recursive: true, force: true });
    },
  };
}
