// Browser tests for the widget: @web/test-runner in the system Chromium (never downloaded), TypeScript
// through esbuild, and a real WebSocket test peer (test-support/parley-peer.mjs) for connection tests.
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { geolocationPlugin } from './test-support/geolocation.mjs';
import { parleyPeerPlugin } from './test-support/parley-peer.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  rootDir: here('..'),
  files: [here('src/**/*.test.ts')],
  nodeResolve: true,
  // One test file at a time: several files hold requests open on purpose (gated chunks, held downloads), and
  // files in parallel would share the browser's six connections per origin and starve each other.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 300000,
  browserStartTimeout: 60000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        // `headless: true` above; the project's other flags.
        args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json') }), parleyPeerPlugin(), geolocationPlugin()],
};
