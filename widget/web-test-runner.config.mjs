// Browser tests for the widget: @web/test-runner in the system Chromium (never downloaded), TypeScript
// through esbuild, and a real WebSocket test peer (test-support/parley-peer.mjs) for connection tests.
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { parleyPeerPlugin } from './test-support/parley-peer.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  rootDir: here('..'),
  files: [here('src/**/*.test.ts')],
  nodeResolve: true,
  concurrency: 2,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 300000,
  browserStartTimeout: 60000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json') }), parleyPeerPlugin()],
};
