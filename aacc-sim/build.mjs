// Builds the agent desktop (Lit) into dist/desktop/: desktop.js (bundled, minified), index.html, desktop.css.
// Its own folder, because scripts/build-server.mjs compiles src/ into dist/ and only the desktop is served.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const root = new URL('.', import.meta.url).pathname;
const out = `${root}dist/desktop`;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${root}desktop/agent-desktop.ts`],
  outfile: `${out}/desktop.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
});
for (const f of ['index.html', 'desktop.css']) copyFileSync(`${root}desktop/${f}`, `${out}/${f}`);
console.log('aacc-sim: desktop built into dist/desktop/');
